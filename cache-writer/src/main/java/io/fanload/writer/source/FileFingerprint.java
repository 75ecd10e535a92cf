package io.fanload.writer.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A source file as it is now: size, modification time (ns), SHA-256 of its content (the archive's
 * SOURCES row) and CRC32C (what a node checks its copy of a carried file against), in one read.
 */
public record FileFingerprint(long size, long mtimeNanos, byte[] sha256, int crc32c) {

    public static FileFingerprint of(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new BuildException(file + ": does not exist");
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        CRC32C crc = new CRC32C();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
                crc.update(buffer, 0, n);
            }
        }
        return new FileFingerprint(attributes.size(), attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), sha256.digest(),
                (int) crc.getValue());
    }
}
