package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The reader: the only process that reads the archive on the shared file system. It reads it once,
 * sequentially from a chunk boundary to the end, on its own thread (a slow parallel file system
 * must not stall the event loop), writes each chunk into the local copy and reports it with its
 * CRC32C, after handing its bytes to the node's digest ({@link DigestVerifier#hashRead}): they are
 * in its buffer already. The reported chunks then flow to the children like received ones.
 */
final class SourceReader implements Runnable {

    /** Where the reader reports; both calls come from the reader's thread. */
    interface Sink {
        void chunkRead(int index, int crc);

        void readFailed(String reason);
    }

    /** Who is handed each chunk's bytes at its offset before it is reported (the reader's thread). */
    @FunctionalInterface
    interface Tap {
        void read(long offset, ByteBuffer bytes);
    }

    /**
     * Who wants the archive's index before its data: the reader then reads the metadata region and
     * the trailer first, writes them into the copy at their place and hands them over (a copy of the
     * bytes, the reader's thread). They are not verified yet; the sequential read that follows writes
     * them again, and the digest covers them there.
     */
    @FunctionalInterface
    interface IndexFirst {
        void indexRead(long offset, byte[] bytes);
    }

    private final Path source;
    private final LocalCopy copy;
    private final long start;
    private final Sink sink;
    private final Tap tap;
    private final IndexFirst indexFirst;
    private volatile boolean stopped;

    /** {@code indexFirst}: null for none; only a read from the first byte reads the index first. */
    SourceReader(Path source, LocalCopy copy, long start, Tap tap, IndexFirst indexFirst, Sink sink) {
        this.source = source;
        this.copy = copy;
        this.start = start;
        this.sink = sink;
        this.tap = tap;
        this.indexFirst = start == 0 ? indexFirst : null;
    }

    void stop() {
        stopped = true;
    }

    void startThread(String nodeId) {
        Thread t = new Thread(this, "fanload-reader-" + nodeId);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = in.size();
            if (size != copy.size()) {
                throw new IOException(source + " is " + size + " bytes, the coordinator announced " + copy.size());
            }
            FileChannel out = copy.channel();
            if (indexFirst != null) {
                readIndexFirst(in, out, size);
            }
            ByteBuffer buffer = ByteBuffer.allocateDirect(copy.chunkSize());
            CRC32C crc = new CRC32C();
            for (long offset = start; offset < size && !stopped; ) {
                int index = copy.chunkAt(offset);
                int length = copy.chunkLength(index);
                buffer.clear().limit(length);
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(source + " ended early at " + (offset + buffer.position()) + " bytes");
                    }
                }
                buffer.flip();
                crc.reset();
                crc.update(buffer);
                buffer.flip();
                tap.read(offset, buffer.duplicate());
                writeAt(out, buffer, offset);
                if (stopped) {
                    return;
                }
                sink.chunkRead(index, (int) crc.getValue());
                offset += length;
            }
        } catch (IOException | RuntimeException e) {
            if (!stopped) {
                sink.readFailed("cannot read the archive " + source + ": " + e.getMessage());
            }
        }
    }

    /**
     * Reads the trailer, then the metadata region it names, into the copy at their place, and hands
     * them over. Best effort: an archive whose trailer names no plausible region is read as usual
     * (its refusal comes with its digest and its staging).
     */
    private void readIndexFirst(FileChannel in, FileChannel out, long size) throws IOException {
        if (size < ArchiveFormat.HEADER_SIZE + ArchiveFormat.TRAILER_SIZE) {
            return;
        }
        ByteBuffer trailer = ArchiveIdentity.readAt(in, size - ArchiveFormat.TRAILER_SIZE, ArchiveFormat.TRAILER_SIZE);
        long dataEnd = trailer.getLong(ArchiveFormat.T_DATA_END);
        if (dataEnd > size - ArchiveFormat.TRAILER_SIZE || !IndexAhead.plausible(dataEnd, size)) {
            return;
        }
        ByteBuffer index = ArchiveIdentity.readAt(in, dataEnd, (int) (size - dataEnd));
        writeAt(out, index.duplicate(), dataEnd);
        indexFirst.indexRead(dataEnd, index.array());
    }

    private static void writeAt(FileChannel out, ByteBuffer bytes, long at) throws IOException {
        long start = at - bytes.position();
        while (bytes.hasRemaining()) {
            out.write(bytes, start + bytes.position());
        }
    }
}
