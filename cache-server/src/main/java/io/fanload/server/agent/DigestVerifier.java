package io.fanload.server.agent;

import io.fanload.server.coordinator.TransferSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Streams SHA-256 over {@code [0, digestEnd)} of the local copy as verified bytes arrive, on an
 * executor off the event loop (hashing is the most expensive per-byte work of an agent), and does
 * nothing else there: the node image is built beside it ({@link ImageBuild}), so that on a node with
 * a spare core the digest keeps up with the link and is due a moment after the last byte. Calls
 * {@code done} once with {@code null} when the digest matched, or with the reason it did not.
 */
final class DigestVerifier {

    private static final ThreadLocal<ByteBuffer> BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 20));

    private final FileChannel file;
    private final long digestEnd;
    private final byte[] expected;
    private final Executor executor;
    private final Consumer<String> done;
    private final MessageDigest sha = TransferSpec.sha256Digest();
    private final AtomicLong target = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private long hashed;
    private boolean finished;

    DigestVerifier(FileChannel file, long digestEnd, byte[] expected, Executor executor, Consumer<String> done) {
        this.file = file;
        this.digestEnd = digestEnd;
        this.expected = expected;
        this.executor = executor;
        this.done = done;
    }

    /** The first {@code verifiedBytes} of the file are final. */
    void offer(long verifiedBytes) {
        target.accumulateAndGet(Math.min(verifiedBytes, digestEnd), Math::max);
        schedule();
    }

    void stop() {
        stopped = true;
    }

    private void schedule() {
        if (!stopped && running.compareAndSet(false, true)) {
            executor.execute(this::run);
        }
    }

    private void run() {
        try {
            ByteBuffer buffer = BUFFER.get();
            long limit;
            while (!stopped && hashed < (limit = target.get())) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), limit - hashed));
                int n = file.read(buffer, hashed);
                if (n <= 0) {
                    throw new IOException("local copy shorter than its verified prefix");
                }
                sha.update(buffer.array(), 0, n);
                hashed += n;
            }
            if (!stopped && !finished && hashed == digestEnd) {
                finished = true;
                done.accept(MessageDigest.isEqual(sha.digest(), expected) ? null
                        : "SHA-256 of the received archive does not match the coordinator's digest");
            }
        } catch (IOException e) {
            finished = true;
            stopped = true;
            done.accept("cannot read the local copy to verify it: " + e.getMessage());
        } finally {
            running.set(false);
        }
        if (!stopped && !finished && hashed < target.get()) {
            schedule();
        }
    }
}
