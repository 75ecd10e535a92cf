package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.protocol.Errors;
import io.fanload.writer.image.StreamingCopies;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;

/**
 * Builds one node's image while its archive arrives, on a thread of its own beside the digest's:
 * the class-path copies from the verified prefix as it grows ({@link StreamingCopies}), the image
 * staged ({@link ImagePreparer#stage}) as soon as the last byte is in — while the digest may still
 * be running — and published (READY) only once the whole-archive digest matched. So a node's work
 * after its last byte is what the digest has left plus the staging, side by side, not one after the
 * other; and an archive that fails its digest never gets READY, whatever was staged. On the node
 * that reads the archive itself, whose reader reads the index first ({@link #indexRead}), the
 * entries are expanded as their bytes become final too ({@link EarlyExpansion}), so staging only
 * finishes the image.
 * <p>
 * The agent calls {@link #offer}, {@link #complete} and {@link #digestChecked} on its event loop;
 * the outcome comes back on that loop, once: {@code ready}, or {@code failed} with the reason
 * ({@code copiesWritten} and {@code staged} before, marks for the node's timeline).
 */
final class ImageBuild {

    private final ImagePreparer preparer;
    private final NodeImageLayout layout;
    private final Path archive;
    private final Executor loop;
    /** Told the entries expanded while the archive arrived. */
    private final IntConsumer staged;
    private final LongConsumer copiesWritten;
    private final Runnable ready;
    private final Consumer<String> failed;
    private final ExecutorService worker;
    /** Null when the preparer writes no files while receiving. Worker only. */
    private final StreamingCopies copies;
    private final AtomicLong target = new AtomicLong();
    private final AtomicBoolean copying = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean copiesFinished;
    /** The reader handed over the index first: entries are expanded as the bytes arrive. */
    private volatile boolean indexFirst;
    private volatile int expandedBeforeLastByte;
    // worker only
    private final EarlyExpansion early;
    private FileChannel in;
    private ByteBuffer buffer;
    private long copied;
    // loop only
    private boolean digestOk;
    private boolean decided;
    private String stageError;
    private ImagePreparer.Staged image;

    ImageBuild(ImagePreparer preparer, NodeImageLayout layout, Path archive, String nodeId, Executor loop,
               LongConsumer copiesWritten, IntConsumer staged, Runnable ready, Consumer<String> failed) {
        this.preparer = preparer;
        this.layout = layout;
        this.archive = archive;
        this.loop = loop;
        this.staged = staged;
        this.copiesWritten = copiesWritten;
        this.ready = ready;
        this.failed = failed;
        this.copies = preparer.whileReceiving(layout);
        this.copiesFinished = copies == null;
        this.early = new EarlyExpansion(preparer, layout, archive);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fanload-image-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether the node's reader should read the archive's index first and hand it to {@link #indexRead}. */
    boolean wantsIndexFirst() {
        return preparer.expandsEntries();
    }

    /** The reader read the index region at {@code offset} first (reader's thread). */
    void indexRead(long offset, byte[] bytes) {
        indexFirst = true;
        submit(() -> early.indexRead(offset, bytes));
    }

    /** Entries expanded while the archive arrived (its index read first), as staging began. */
    int expandedBeforeLastByte() {
        return expandedBeforeLastByte;
    }

    /** The first {@code verifiedBytes} of the archive are final (loop). */
    void offer(long verifiedBytes) {
        if ((copiesFinished && !indexFirst) || stopped) {
            return;
        }
        target.accumulateAndGet(verifiedBytes, Math::max);
        drainSoon();
    }

    /** Has the worker take the verified prefix as far as it goes now, unless it is already on it. */
    private void drainSoon() {
        if (copying.compareAndSet(false, true)) {
            submit(this::drain);
        }
    }

    /**
     * Copies and expands up to the verified prefix, again while it grows; then looks once more after
     * letting go, so an offer made just as it finished is not left for the last byte (worker).
     */
    private void drain() {
        long seen;
        try {
            do {
                seen = target.get();
                copyAvailable();
                early.expandUpTo(seen);
            } while (!stopped && target.get() > seen);
        } finally {
            copying.set(false);
        }
        if (!stopped && target.get() > seen) {
            drainSoon();
        }
    }

    /** The whole archive is in (loop): stage the image now, the digest may still be running. */
    void complete() {
        submit(() -> {
            if (stopped) {
                return; // queued before the stop: a stopped node stages nothing
            }
            String error = null;
            ImagePreparer.Staged result = null;
            try {
                copyAvailable(); // whatever the last offer left: the copies are complete before staging reads them
                expandedBeforeLastByte = early.expanded();
                result = preparer.stage(archive, layout, copies != null && copies.done(), early.takeForStaging());
            } catch (IOException | RuntimeException e) {
                error = Errors.oneLine(e);
            } finally {
                early.close();
            }
            String failure = error;
            ImagePreparer.Staged done = result;
            loop.execute(() -> stagingDone(done, failure));
        });
    }

    /** The whole-archive digest's verdict (loop): null when it matched. */
    void digestChecked(String mismatch) {
        if (decided) {
            return;
        }
        if (mismatch != null) {
            // The digest's reason wins over a staging failure: a corrupt archive says so.
            decide();
            failed.accept(mismatch);
            return;
        }
        digestOk = true;
        proceed();
    }

    /** Stops: nothing more is written, nothing is published. */
    void stop() {
        stopped = true;
        decided = true;
        try {
            worker.execute(() -> {
                closeInput();
                early.close();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // already shut down: its last task closed the input
        }
        worker.shutdown();
    }

    /**
     * Waits until the worker has ended (after {@link #stop}), at most {@code millis}: a folder removed
     * while a staging still writes into it could be made again.
     */
    boolean awaitStopped(long millis) {
        try {
            return worker.awaitTermination(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void stagingDone(ImagePreparer.Staged result, String error) {
        if (decided) {
            return;
        }
        if (error != null) {
            stageError = error;
        } else {
            image = result;
            staged.accept(expandedBeforeLastByte);
        }
        proceed();
    }

    private void proceed() {
        if (!digestOk || decided) {
            return;
        }
        if (stageError != null) {
            decide();
            failed.accept("cannot prepare the node-local image: " + stageError);
            return;
        }
        if (image == null) {
            return;
        }
        decide();
        ImagePreparer.Staged publishing = image;
        submit(() -> {
            try {
                if (!stopped) {
                    publishing.publish();
                    loop.execute(ready);
                }
            } catch (IOException | RuntimeException e) {
                loop.execute(() -> failed.accept("cannot prepare the node-local image: " + Errors.oneLine(e)));
            } finally {
                worker.shutdown();
            }
        });
    }

    private void decide() {
        decided = true;
    }

    private void submit(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped in between: nothing more to do
        }
    }

    /**
     * Feeds the copies the verified bytes not yet given, in order, through a channel of its own (the
     * local copy's channel also serves children; this thread must never close it by an interrupt).
     */
    private void copyAvailable() {
        if (copies == null || copiesFinished) {
            return;
        }
        try {
            if (in == null) {
                in = FileChannel.open(archive, StandardOpenOption.READ);
                // Direct: read into and written from without the JDK's temporary copy of a heap buffer.
                buffer = ByteBuffer.allocateDirect(1 << 20);
            }
            long limit;
            while (!stopped && !copies.finished() && copied < (limit = target.get())) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), limit - copied));
                int n = in.read(buffer, copied);
                if (n <= 0) {
                    break;
                }
                buffer.flip();
                copies.accept(copied, buffer);
                copied += n;
            }
        } catch (IOException e) {
            // the copies stop here; staging writes what is missing from the archive itself
        } finally {
            if (copies.finished() || stopped) {
                copiesFinished = true;
                closeInput();
                if (copies.done()) {
                    long at = System.nanoTime();
                    loop.execute(() -> copiesWritten.accept(at));
                }
            }
        }
    }

    private void closeInput() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // read-only; nothing lost
            }
            in = null;
        }
    }
}
