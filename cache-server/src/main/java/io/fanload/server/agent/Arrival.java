package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.protocol.Message;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The archive arriving at one node, from its placement on: the node-local copy chunk by chunk
 * ({@link LocalCopy}), the SHA-256 streamed over it off the event loop ({@link DigestVerifier}),
 * the node image built beside it ({@link ImageBuild}) and the node's timeline. The agent owns the
 * lifecycle; this class owns the bytes. Everything but the digest's and the image's own threads runs
 * on the agent's event loop.
 */
final class Arrival {

    private final LocalCopy copy;
    private final TransferTimeline timeline;
    private final DigestVerifier verifier;
    private final ImageBuild image;
    private boolean digestOk;

    /**
     * Opens the node-local copy for {@code assign} and starts the digest and the image build.
     * {@code digestMatched} runs on {@code loop} once the whole archive's digest matched,
     * {@code ready} once the image is published, {@code failed} with the reason of any failure.
     */
    Arrival(AgentConfig config, NodeImageLayout layout, Message.Assign assign, long placedNanos, Executor digestExecutor,
            Executor loop, Runnable digestMatched, Runnable ready, Consumer<String> failed) throws IOException {
        NodeDirectory.checkSpace(config.localDir(), assign.size());
        this.copy = new LocalCopy(layout.archive(), assign.size(), assign.chunkSize());
        this.timeline = new TransferTimeline(placedNanos);
        this.verifier = new DigestVerifier(copy.channel(), assign.digestEnd(), assign.sha256(), digestExecutor,
                mismatch -> loop.execute(() -> digestDone(mismatch, digestMatched, failed)));
        try {
            this.image = new ImageBuild(config.preparer(), layout, copy.file(), config.nodeId(), loop,
                    timeline::copiedAt, timeline::staged, ready, failed);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        verifier.offer(0);
    }

    LocalCopy copy() {
        return copy;
    }

    TransferTimeline timeline() {
        return timeline;
    }

    /** What the node's reader hands its bytes to as it reads them: the digest. */
    SourceReader.Tap readerTap() {
        return verifier::hashRead;
    }

    /** Who takes the archive's index when the node's reader reads it first; null: nobody wants it. */
    SourceReader.IndexFirst readerIndexFirst() {
        return image.wantsIndexFirst() ? image::indexRead : null;
    }

    /**
     * The index region came ahead from the parent: written into the copy at its place (the transfer
     * writes the same bytes there again, verified) and handed to the image; false when it came too
     * late or a region is held already.
     */
    boolean indexAhead(IndexAhead region) throws IOException {
        if (region.offset() + region.bytes().length != copy.size() || !copy.holdAhead(region)) {
            return false;
        }
        copy.write(region.offset(), Unpooled.wrappedBuffer(region.bytes())); // failing, the node falls back
        if (image.wantsIndexFirst()) {
            image.indexRead(region.offset(), region.bytes());
        }
        return true;
    }

    /** The node's reader stopped or was replaced: the digest takes only committed bytes from now on. */
    void readerGone() {
        verifier.closeTap(copy.verified());
    }

    /** A verified chunk is in the copy. */
    void commit(int index, int crc) {
        copy.commit(index, crc);
        timeline.firstByte();
    }

    /** Hands the verified prefix to the digest and the image; true when that was the last chunk. */
    boolean offerVerified() {
        verifier.offer(copy.verified());
        image.offer(copy.verified());
        if (!copy.complete()) {
            return false;
        }
        timeline.lastChunk();
        image.complete();
        return true;
    }

    /** Every byte is in and the digest matched. */
    boolean verifiedWhole() {
        return digestOk && copy.complete();
    }

    private void digestDone(String mismatch, Runnable digestMatched, Consumer<String> failed) {
        if (mismatch != null) {
            failed.accept(mismatch);
            return;
        }
        digestOk = true;
        timeline.digested();
        digestMatched.run();
        image.digestChecked(null);
    }

    /** Stops the digest and the image build (a fallback or the end of the step). */
    void stop() {
        verifier.stop();
        image.stop();
    }

    /** Closes the copy and waits up to {@code imageStopMillis} for a staging in progress. */
    void close(long imageStopMillis) throws IOException {
        copy.close();
        image.awaitStopped(imageStopMillis);
    }
}
