package io.fanload.launch.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whether an archive's bytes still match the digest its trailer carries (docs/FORMAT.md §4: SHA-256
 * of every byte but the 256-byte trailer). Inspect uses it so that a damaged archive whose index
 * still reads (a flipped byte in an entry) is called damaged; verify checks far more.
 */
final class ArchiveDigest {

    private static final int TRAILER_BYTES = 256;

    private ArchiveDigest() {
    }

    /** True when SHA-256 of {@code [0, size - 256)} of {@code file} is {@code expectedHex}. */
    static boolean matches(Path file, long size, String expectedHex) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long remaining = size - TRAILER_BYTES;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (remaining > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                int read = channel.read(buffer);
                if (read < 0) {
                    return false;
                }
                sha256.update(buffer.array(), 0, read);
                remaining -= read;
            }
        }
        return HexFormat.of().formatHex(sha256.digest()).equalsIgnoreCase(expectedHex);
    }
}
