package io.fanload.writer.testing;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;

/** Real jars built in a test's temporary folder. */
public final class Jars {

    private Jars() {
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A jar with {@code entries} in order, written with Commons Compress so that duplicates are
     * possible. {@code streaming} writes to a non-seekable stream (data descriptors after each
     * entry). More than 65,535 entries make a zip64 jar, as the JDK needs one.
     */
    public static Path jar(Path file, List<Map.Entry<String, byte[]>> entries, boolean streaming)
            throws IOException {
        try (ZipArchiveOutputStream zip = streaming
                ? new ZipArchiveOutputStream(new NonSeekable(Files.newOutputStream(file)))
                : new ZipArchiveOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.getKey());
                zipEntry.setMethod(ZipEntry.DEFLATED);
                zipEntry.setTime(1_700_000_000_000L);
                zip.putArchiveEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeArchiveEntry();
            }
        }
        return file;
    }

    public static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
        return jar(file, List.copyOf(entries.entrySet()), false);
    }

    /** Hides the channel so Commons Compress must write data descriptors. */
    private static final class NonSeekable extends java.io.FilterOutputStream {
        NonSeekable(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }
    }
}
