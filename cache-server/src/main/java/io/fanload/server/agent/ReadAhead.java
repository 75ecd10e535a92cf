package io.fanload.server.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reader's reads, a few chunks ahead of the work on each chunk (its CRC32C, the digest, the
 * write into the copy), on a thread of their own: on a shared file system a read is mostly waiting
 * for the servers, and a reader that hashed and wrote between reads left the file system idle for
 * that time (docs/perf/tree.md, "The root's read ahead"). Chunks come out in order; each buffer goes
 * back with {@link #release} once its bytes are used.
 */
final class ReadAhead implements AutoCloseable {

    /** One chunk's bytes (position 0, limit its length) at {@code offset}. */
    record Chunk(int index, long offset, ByteBuffer bytes) {
    }

    /** Buffers in flight: enough to keep a read going while one chunk is worked on, about 16 MiB. */
    static int depth(int chunkSize) {
        return Math.max(2, Math.min(8, (16 << 20) / chunkSize));
    }

    private static final Object END = new Object();
    private static final long POLL_MILLIS = 100;

    private final FileChannel in;
    private final Path source;
    private final LocalCopy copy;
    private final long start;
    private final long size;
    private final BlockingQueue<ByteBuffer> free;
    /** Chunks in order, then END or the IOException that ended the reads. */
    private final BlockingQueue<Object> full;
    private volatile boolean stopped;

    /** Reads {@code in} ({@code source}) from {@code start} (a chunk boundary of {@code copy}) to {@code size}. */
    ReadAhead(FileChannel in, Path source, LocalCopy copy, long start, long size) {
        this.in = in;
        this.source = source;
        this.copy = copy;
        this.start = start;
        this.size = size;
        int depth = depth(copy.chunkSize());
        this.free = new ArrayBlockingQueue<>(depth);
        this.full = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(ByteBuffer.allocateDirect(copy.chunkSize()));
        }
    }

    /** Starts the reads on a daemon thread named {@code name}. */
    void start(String name) {
        Thread t = new Thread(this::readAll, name);
        t.setDaemon(true);
        t.start();
    }

    /** The next chunk in order, or null at the end (or once closed); throws what ended the reads early. */
    Chunk next() throws IOException {
        while (!stopped) {
            Object o;
            try {
                o = full.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (o instanceof Chunk c) {
                return c;
            }
            if (o instanceof IOException e) {
                throw e;
            }
            if (o == END) {
                return null;
            }
        }
        return null;
    }

    /** Hands a chunk's buffer back for a later read. */
    void release(ByteBuffer buffer) {
        free.offer(buffer);
    }

    /** Stops the reads (the thread ends within {@value #POLL_MILLIS} ms of its current read). */
    @Override
    public void close() {
        stopped = true;
    }

    private void readAll() {
        try {
            for (long offset = start; offset < size && !stopped; ) {
                ByteBuffer buffer = free.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (buffer == null) {
                    continue;
                }
                int index = copy.chunkAt(offset);
                int length = copy.chunkLength(index);
                buffer.clear().limit(length);
                while (buffer.hasRemaining()) {
                    if (in.read(buffer, offset + buffer.position()) < 0) {
                        throw new IOException(source + " ended early at " + (offset + buffer.position()) + " bytes");
                    }
                }
                buffer.flip();
                put(new Chunk(index, offset, buffer));
                offset += length;
            }
            put(END);
        } catch (IOException e) {
            put(e);
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    /** Queues {@code o} (room is always there: at most depth chunks and one end are ever queued). */
    private void put(Object o) {
        full.offer(o);
    }
}
