package io.fanload.server.agent;

/**
 * When the steps of one node's transfer happened, since the coordinator placed the node: the
 * upstream connected (parent authenticated, or reader started), the first byte arrived, the last
 * chunk was verified, the class-path copies were written, the whole-archive digest was checked, the
 * image was staged (its READY follows
 * the later of the last two). Printed in fanload-agent's last line
 * and sent with Ready (first and last byte), so a slow node shows where its time went (start-up
 * before the first byte, the transfer, or the work after the last chunk). Each mark is set once;
 * -1: not reached. Written on the agent's event loop, read once the outcome is known.
 */
final class TransferTimeline {

    private final long placedNanos;
    private long connected = -1;
    private long firstByte = -1;
    private long lastChunk = -1;
    private long copied = -1;
    private long digested = -1;
    private long staged = -1;
    private int entriesEarly;

    TransferTimeline(long placedNanos) {
        this.placedNanos = placedNanos;
    }

    void connected() {
        connected = mark(connected);
    }

    void firstByte() {
        firstByte = mark(firstByte);
    }

    void lastChunk() {
        lastChunk = mark(lastChunk);
    }

    /** The class-path copies were all written at {@code nanoTime} (by the image's thread). */
    void copiedAt(long nanoTime) {
        if (copied < 0) {
            copied = nanoTime - placedNanos;
        }
    }

    void digested() {
        digested = mark(digested);
    }

    /** The image is staged; {@code entriesEarly} of its entries were expanded while the archive arrived. */
    void staged(int entriesEarly) {
        staged = mark(staged);
        this.entriesEarly = entriesEarly;
    }

    /** Microseconds from the placement to the first byte; -1: not reached. */
    long firstByteMicros() {
        return micros(firstByte);
    }

    /** Microseconds from the placement to the last verified chunk; -1: not reached. */
    long lastChunkMicros() {
        return micros(lastChunk);
    }

    private long mark(long current) {
        return current >= 0 ? current : System.nanoTime() - placedNanos;
    }

    private static long micros(long nanos) {
        return nanos < 0 ? -1 : nanos / 1000;
    }

    private static long millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1_000_000;
    }

    /**
     * For example {@code connected 12 ms, first byte 40 ms, last chunk 2210 ms, copies 2212 ms, digest
     * 2230 ms, image 2240 ms}, and on the node that read the archive itself {@code , 1218 entries
     * early} (expanded while it arrived).
     */
    String summary() {
        return "connected " + millis(connected) + " ms, first byte " + millis(firstByte) + " ms, last chunk "
                + millis(lastChunk) + " ms, copies " + millis(copied) + " ms, digest " + millis(digested)
                + " ms, image " + millis(staged) + " ms" + (entriesEarly > 0 ? ", " + entriesEarly + " entries early" : "");
    }
}
