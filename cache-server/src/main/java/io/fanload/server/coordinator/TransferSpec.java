package io.fanload.server.coordinator;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What the tree moves: {@code size} bytes whose bytes {@code [0, digestEnd)} have SHA-256
 * {@code sha256}. For a fanload archive the digest covers everything but the 256-byte trailer
 * (which holds the digest); the tree itself treats the file as opaque bytes.
 */
public record TransferSpec(long size, byte[] sha256, long digestEnd) {

    public TransferSpec {
        if (size < 1) {
            throw new IllegalArgumentException("nothing to transfer: size " + size);
        }
        if (digestEnd < 0 || digestEnd > size) {
            throw new IllegalArgumentException("digest range [0, " + digestEnd + ") outside [0, " + size + ")");
        }
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** A fanload archive: size and digest from its header and trailer (two small reads). */
    public static TransferSpec ofArchive(Path archive) throws IOException {
        ArchiveIdentity id = ArchiveIdentity.read(archive);
        return new TransferSpec(id.totalSize(), id.sha256(), id.totalSize() - ArchiveFormat.TRAILER_SIZE);
    }

    /** Any file, digesting its bytes {@code [0, digestEnd)} now (one sequential read). */
    public static TransferSpec ofFile(Path file, long digestEnd) throws IOException {
        long size = Files.size(file);
        MessageDigest sha = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            long remaining = digestEnd;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException(file + ": shorter than " + digestEnd + " bytes");
                }
                sha.update(buffer, 0, n);
                remaining -= n;
            }
        }
        return new TransferSpec(size, sha.digest(), digestEnd);
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSpec t && t.size == size && t.digestEnd == digestEnd && Arrays.equals(t.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "TransferSpec[" + size + " bytes, sha256 " + HexFormat.of().formatHex(sha256) + " over [0, " + digestEnd + ")]";
    }
}
