package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.source.FileFingerprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;

/**
 * Compares an archive's recorded sources with the files now. {@link Depth#STAT} is one stat per
 * source (what the root does at {@code --read-cache}, once for the whole job); {@link Depth#CONTENT}
 * also hashes every file (what {@code verify} does).
 */
public final class SourceStaleness {

    public enum Depth { STAT, CONTENT }

    private SourceStaleness() {
    }

    /** One line per stale or missing source; empty when every source matches. */
    public static List<String> check(ArchiveReader reader, Depth depth) throws IOException {
        return check(reader, depth, path -> false);
    }

    /** The same, leaving out the sources whose path {@code leftOut} accepts (ranks never read those). */
    public static List<String> check(ArchiveReader reader, Depth depth, Predicate<String> leftOut) throws IOException {
        List<String> stale = new ArrayList<>();
        for (int s = 0; s < reader.sourceCount(); s++) {
            Records.Source source = reader.source(s);
            if (source.kind() == ArchiveFormat.SOURCE_JVM_CACHE || leftOut.test(source.path())) {
                continue; // a JVM cache the pilot made (the digest covers it), or what ranks never read
            }
            Path file = Path.of(source.path());
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                stale.add(source.path() + ": missing");
                continue;
            }
            if (now.size() != source.size()) {
                stale.add(source.path() + ": size " + source.size() + " -> " + now.size());
                continue;
            }
            long mtime = now.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (depth == Depth.CONTENT) {
                if (!Arrays.equals(FileFingerprint.of(file).sha256(), source.sha256())) {
                    stale.add(source.path() + ": content changed (SHA-256 differs)");
                } else if (mtime != source.mtimeNanos()) {
                    stale.add(source.path() + ": modification time changed (content identical)");
                }
            } else if (mtime != source.mtimeNanos()) {
                stale.add(source.path() + ": modification time changed");
            }
        }
        return stale;
    }
}
