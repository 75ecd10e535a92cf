package io.fanload.server.agent;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * This node's copy of the archive as it arrives: a file in the node-local folder, the chunk
 * geometry, and the verified prefix. Chunk {@code i} covers {@code [i*C, min((i+1)*C, size))};
 * {@link #verified()} only grows by whole chunks whose CRC32C matched, and only those bytes are
 * ever served to children. Confined to the agent's event loop, except {@link #channel()} reads.
 */
final class LocalCopy implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final int chunkSize;
    private final int[] crcs;
    private long verified;
    private IndexAhead ahead;

    LocalCopy(Path file, long size, int chunkSize) throws IOException {
        long chunks = (size + chunkSize - 1) / chunkSize;
        if (chunks > Integer.MAX_VALUE) {
            throw new IOException("archive of " + size + " bytes has too many chunks of " + chunkSize);
        }
        this.file = file;
        this.size = size;
        this.chunkSize = chunkSize;
        this.crcs = new int[(int) chunks];
        // Not truncated: the file may hold the zeros of a Preallocation, pages the transfer writes into.
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (channel.size() > size) {
            channel.truncate(size);
        }
    }

    Path file() {
        return file;
    }

    FileChannel channel() {
        return channel;
    }

    long size() {
        return size;
    }

    long verified() {
        return verified;
    }

    boolean complete() {
        return verified == size;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** The chunk starting at {@code offset}, or -1 if {@code offset} is not a chunk boundary below size. */
    int chunkAt(long offset) {
        if (offset < 0 || offset >= size || offset % chunkSize != 0) {
            return -1;
        }
        return (int) (offset / chunkSize);
    }

    long chunkOffset(int index) {
        return (long) index * chunkSize;
    }

    int chunkLength(int index) {
        return (int) Math.min(chunkSize, size - chunkOffset(index));
    }

    int crc(int index) {
        return crcs[index];
    }

    /** Writes received bytes at {@code position} (not yet verified). */
    void write(long position, ByteBuf data) throws IOException {
        long p = position;
        for (ByteBuffer b : data.nioBuffers()) {
            while (b.hasRemaining()) {
                p += channel.write(b, p);
            }
        }
    }

    /** The index region this node holds ahead of its place, for its children; null: none (yet). */
    IndexAhead ahead() {
        return ahead;
    }

    /**
     * Holds the index region that came ahead (read first, or from the parent) for the children, before
     * or after it is written at its place (all on the loop, before the next pump); false when one is
     * held already or the verified prefix has passed its offset.
     */
    boolean holdAhead(IndexAhead region) {
        if (ahead != null || verified > region.offset()) {
            return false;
        }
        ahead = region;
        return true;
    }

    /** Chunk {@code index}, the next one after the verified prefix, is on disk with this CRC. */
    void commit(int index, int crc) {
        if (chunkOffset(index) != verified) {
            throw new IllegalStateException("chunk " + index + " committed out of order at " + verified);
        }
        crcs[index] = crc;
        verified += chunkLength(index);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
