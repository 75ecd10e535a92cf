package io.fanload.server.agent;

import io.fanload.server.protocol.Errors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Makes room for the archive while the job gathers: an agent that waits for its place knows the
 * archive's size ({@code Expect}) and writes that many zero bytes to the archive's file on a worker
 * thread. Two gains, both before anything is placed: a node without room finds out and falls back
 * before the coordinator gives it children, and the transfer then writes into pages that exist.
 * Allocating a fresh tmpfs page costs about as much as copying into it (on the test VM, dd of 1 GiB
 * into /dev/shm: 0.41-0.58 s of system time into fresh pages, 0.23-0.29 s over existing ones), and
 * on a relay that allocation was a quarter of its event loop's CPU (docs/perf/tree.md).
 *
 * <p>Only in a tmpfs folder (the default, /dev/shm): on a disk the zeros would be written twice.
 * Placement {@linkplain #stop() stops} it wherever it is: from then on the transfer owns the file,
 * and pages not made yet are made as the bytes arrive. The zeros are never served: the local copy
 * serves only chunks whose CRC matched.
 */
final class Preallocation {

    /** Zeros per write: large enough that the system call costs nothing, small enough that {@link #stop()} waits less than a millisecond. */
    private static final int BLOCK = 1 << 20;

    private final Path dir;
    private final Path file;
    private final long size;
    private final Consumer<String> noRoom;
    /** Held for each write, so that {@link #stop()} returns only when no more zeros can land. */
    private final Object writing = new Object();
    private volatile boolean stopped;

    private Preallocation(Path dir, Path file, long size, Consumer<String> noRoom) {
        this.dir = dir;
        this.file = file;
        this.size = size;
        this.noRoom = noRoom;
    }

    /**
     * Starts filling {@code file} (in {@code dir}, on {@code store}) to {@code size} bytes on
     * {@code executor}, if the store is tmpfs; {@code null} otherwise. {@code noRoom} gets one line if
     * the writes fail.
     */
    static Preallocation startIfInMemory(FileStore store, Path dir, Path file, long size, Executor executor,
                                         Consumer<String> noRoom) {
        if (!"tmpfs".equals(store.type())) {
            return null;
        }
        Preallocation p = new Preallocation(dir, file, size, noRoom);
        executor.execute(p::fill);
        return p;
    }

    /** Stops the filling; when this returns, no more zeros will be written. */
    void stop() {
        stopped = true;
        synchronized (writing) {
            // Waits for a write in progress, at most one block.
        }
    }

    private void fill() {
        long at = 0;
        String failure = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(BLOCK);
            while (at < size) {
                synchronized (writing) {
                    if (stopped) {
                        return;
                    }
                    try {
                        zeros.clear().limit((int) Math.min(BLOCK, size - at));
                        while (zeros.hasRemaining()) {
                            at += channel.write(zeros, at);
                        }
                    } catch (IOException e) {
                        // Give the pages back at once: other jobs' ranks share this memory.
                        channel.truncate(0);
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            failure = NodeDirectory.noRoom(dir.toString(), size,
                    "writing stopped at " + NodeDirectory.mib(at) + " MiB (" + Errors.oneLine(e) + ")");
        }
        if (failure != null && !stopped) {
            noRoom.accept(failure);
        }
    }
}
