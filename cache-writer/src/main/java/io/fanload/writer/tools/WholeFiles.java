package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code verify}'s check of the whole-file part: each carried file is byte for byte the source the archive records. */
final class WholeFiles {

    private WholeFiles() {
    }

    /** Adds one line to {@code problems} per carried file that does not match its SOURCES row. */
    static void check(ArchiveReader reader, List<String> problems) {
        List<WholeFile> files;
        try {
            files = reader.wholeFileTable().files();
        } catch (ArchiveException e) {
            problems.add(e.getMessage());
            return;
        }
        Map<String, Records.Source> sources = new HashMap<>();
        for (int s = 0; s < reader.sourceCount(); s++) {
            Records.Source source = reader.source(s);
            if (source.kind() != ArchiveFormat.SOURCE_SHARED_OBJECT) {
                sources.put(source.path(), source);
            }
        }
        for (WholeFile file : files) {
            Records.Source source = sources.get(file.path());
            String what = reader.file() + ": carried file " + file.path();
            if (source == null) {
                problems.add(what + " has no source record");
            } else if (source.size() != file.size() || source.mtimeNanos() != file.mtimeNanos()) {
                problems.add(what + " differs in size or mtime from its source record");
            } else if (!MessageDigest.isEqual(sha256(reader, file), source.sha256())) {
                problems.add(what + " does not match its source's SHA-256 (corrupt archive)");
            }
        }
    }

    private static byte[] sha256(ArchiveReader reader, WholeFile file) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(reader.wholeFileContent(file));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
