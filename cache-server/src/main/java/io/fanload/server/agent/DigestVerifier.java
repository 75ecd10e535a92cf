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
 * a spare core the digest keeps up with the link and is due a moment after the last byte. On the
 * node that reads the archive itself, its reader hands over the bytes it has in hand
 * ({@link #hashRead}) so they are not read back from the copy: a reader outruns a digest that
 * follows it (docs/perf/tree.md, "Last byte to ready"). Calls {@code done} once, only when the
 * whole digested range is committed, with {@code null} when the digest matched, or with the reason it
 * did not.
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
    /** Guards the digest's state: the verifier's thread and the reader's both feed it. */
    private final Object lock = new Object();
    private long hashed;
    private boolean finished;
    private boolean tapOpen = true;

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

    /**
     * Bytes the node's reader has just read at {@code offset}, before it commits them: hashed now if
     * they are the next ones, instead of read back from the copy once committed. Reader's thread.
     */
    void hashRead(long offset, ByteBuffer bytes) {
        synchronized (lock) {
            if (!tapOpen || stopped || finished || offset != hashed || hashed >= digestEnd) {
                return;
            }
            int n = (int) Math.min(bytes.remaining(), digestEnd - hashed);
            ByteBuffer piece = bytes.duplicate();
            piece.limit(piece.position() + n);
            sha.update(piece);
            hashed += n;
        }
    }

    /**
     * The reader is gone (stopped or replaced) with {@code committedBytes} committed: what it hashed
     * beyond them may never be what the copy holds, so the digest starts again from the copy's first
     * byte, with the next committed chunk (nothing runs now: a stopping node hashes nothing more).
     * Later hand-overs are ignored.
     */
    void closeTap(long committedBytes) {
        synchronized (lock) {
            tapOpen = false;
            if (hashed > committedBytes && !finished) {
                sha.reset();
                hashed = 0;
            }
        }
    }

    private void run() {
        String verdict = null;
        try {
            ByteBuffer buffer = BUFFER.get();
            while (!stopped && hashNextPiece(buffer)) {
                // one piece at a time, so the reader's hand-overs interleave
            }
            verdict = verdict();
        } catch (IOException e) {
            synchronized (lock) {
                finished = true;
            }
            stopped = true;
            verdict = "cannot read the local copy to verify it: " + e.getMessage();
        } finally {
            running.set(false);
        }
        if (verdict != null) {
            done.accept(verdict.isEmpty() ? null : verdict);
            return;
        }
        boolean behind;
        synchronized (lock) {
            behind = !finished && hashed < target.get();
        }
        if (!stopped && behind) {
            schedule();
        }
    }

    /** Hashes the next piece of the committed prefix from the copy; false when there is none. */
    private boolean hashNextPiece(ByteBuffer buffer) throws IOException {
        synchronized (lock) {
            long limit = target.get();
            if (hashed >= limit) {
                return false;
            }
            buffer.clear().limit((int) Math.min(buffer.capacity(), limit - hashed));
            int n = file.read(buffer, hashed);
            if (n <= 0) {
                throw new IOException("local copy shorter than its verified prefix");
            }
            sha.update(buffer.array(), 0, n);
            hashed += n;
            return true;
        }
    }

    /** "" when the digest matched, the reason when not, null while not every byte is hashed and committed. */
    private String verdict() {
        synchronized (lock) {
            if (stopped || finished || hashed != digestEnd || target.get() < digestEnd) {
                return null;
            }
            finished = true;
            return MessageDigest.isEqual(sha.digest(), expected) ? ""
                    : AgentOutcome.DIGEST_MISMATCH;
        }
    }
}
