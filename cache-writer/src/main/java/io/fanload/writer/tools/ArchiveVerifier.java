package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.EntryCodec;
import io.fanload.writer.archive.IndexReferences;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks everything an archive promises: header, trailer and index checksums, the SHA-256 of the
 * whole archive, the references between its records ({@link IndexReferences}), every entry's
 * xxHash64 and CRC32C after decompression, every signer set, and every source file against the
 * file now (size, modification time and SHA-256). Sound only if all hold.
 */
public final class ArchiveVerifier {

    /** @param problems one line each; empty means sound */
    public record Report(Path file, int entriesChecked, int sourcesChecked, List<String> problems) {
        public boolean sound() {
            return problems.isEmpty();
        }
    }

    private ArchiveVerifier() {
    }

    public static Report verify(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        int entries = 0;
        int sources = 0;
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            if (!reader.isImage() && !Arrays.equals(sha256OfAllButTrailer(file, reader.size()), reader.digest())) {
                problems.add(file + ": SHA-256 of the archive does not match its trailer (corrupt archive)");
            }
            try {
                IndexReferences.check(reader);
            } catch (ArchiveException e) {
                problems.add(e.getMessage());
            }
            for (int h = 0; h < reader.hitCount(); h++) {
                Records.Hit hit = reader.hit(h);
                try {
                    EntryCodec.decodeVerified(reader.storedContent(h), hit.codec(), hit.rawLength(), hit.xxhash64(),
                            hit.crc32c(), file + ": entry " + h);
                    entries++;
                } catch (ArchiveException e) {
                    problems.add(e.getMessage());
                }
            }
            WholeFiles.check(reader, problems);
            for (int s = 0; s < reader.signerSetCount(); s++) {
                try {
                    reader.signers(s);
                } catch (ArchiveException e) {
                    problems.add(e.getMessage());
                }
            }
            List<String> stale = SourceStaleness.check(reader, SourceStaleness.Depth.CONTENT);
            for (String line : stale) {
                problems.add("stale source " + line);
            }
            sources = reader.sourceCount();
        } catch (ArchiveException e) {
            problems.add(e.getMessage());
        } catch (RuntimeException e) {
            // a structurally valid but inconsistent index (out-of-range rows or pool references)
            problems.add(file + ": inconsistent index: " + e.getMessage());
        }
        return new Report(file, entries, sources, List.copyOf(problems));
    }

    private static byte[] sha256OfAllButTrailer(Path file, long size) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long remaining = size - ArchiveFormat.TRAILER_SIZE;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    break;
                }
                sha256.update(buffer, 0, n);
                remaining -= n;
            }
        }
        return sha256.digest();
    }
}
