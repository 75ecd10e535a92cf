package io.fanload.writer.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * Sequential writes to a file channel through one buffer, feeding every byte to the archive's
 * SHA-256 as it goes (so the digest costs no second pass) and, while {@link #startRegionCrc()} is
 * on, to a CRC32C of the metadata region.
 */
final class DigestingOutput {

    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final MessageDigest sha256;
    private CRC32C regionCrc;
    private long position;

    /** {@code digest}: false for no SHA-256 at all (a node image: FORMAT.md §8), whose digest is then zeros. */
    DigestingOutput(FileChannel channel, boolean digest) {
        this.channel = channel;
        try {
            sha256 = digest ? MessageDigest.getInstance("SHA-256") : null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    long position() {
        return position;
    }

    void write(ByteBuffer source) throws IOException {
        ByteBuffer src = source.duplicate();
        position += src.remaining();
        while (src.hasRemaining()) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            int n = Math.min(buffer.remaining(), src.remaining());
            ByteBuffer part = src.duplicate().limit(src.position() + n);
            buffer.put(part);
            src.position(src.position() + n);
        }
    }

    void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    void padTo(int alignment) throws IOException {
        int pad = (int) ((alignment - position % alignment) % alignment);
        if (pad > 0) {
            write(new byte[pad]);
        }
    }

    void startRegionCrc() throws IOException {
        flushBuffer();
        regionCrc = new CRC32C();
    }

    int regionCrc() throws IOException {
        flushBuffer();
        return (int) regionCrc.getValue();
    }

    /** Flushes and returns the SHA-256 of everything written so far; later writes are not digested. */
    byte[] finishDigest() throws IOException {
        flushBuffer();
        return sha256 == null ? new byte[32] : sha256.digest();
    }

    /** Writes bytes that are in neither the digest nor the region CRC (the trailer). */
    void writeUndigested(ByteBuffer bytes) throws IOException {
        flushBuffer();
        position += bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        if (buffer.hasRemaining()) {
            if (sha256 != null) {
                sha256.update(buffer.array(), 0, buffer.limit());
            }
            if (regionCrc != null) {
                regionCrc.update(buffer.array(), 0, buffer.limit());
            }
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        buffer.clear();
    }
}
