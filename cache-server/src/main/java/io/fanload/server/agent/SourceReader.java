package io.fanload.server.agent;

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

    private final Path source;
    private final LocalCopy copy;
    private final long start;
    private final Sink sink;
    private final Tap tap;
    private volatile boolean stopped;

    SourceReader(Path source, LocalCopy copy, long start, Tap tap, Sink sink) {
        this.source = source;
        this.copy = copy;
        this.start = start;
        this.sink = sink;
        this.tap = tap;
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
            ByteBuffer buffer = ByteBuffer.allocateDirect(copy.chunkSize());
            CRC32C crc = new CRC32C();
            FileChannel out = copy.channel();
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
                while (buffer.hasRemaining()) {
                    out.write(buffer, offset + buffer.position());
                }
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
}
