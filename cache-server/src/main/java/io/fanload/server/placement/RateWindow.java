package io.fanload.server.placement;

/**
 * A node's receive rate over the last few samples of its verified offset. The coordinator samples
 * every node once per {@link SlowParents#SAMPLE_MILLIS}; agents report their offset every 0.5 s,
 * so a window of three samples (3 s) smooths that jitter to about 15 %.
 */
final class RateWindow {

    static final int SAMPLES = 4;

    private final long[] offsets = new long[SAMPLES];
    private final long[] nanos = new long[SAMPLES];
    private int count;

    /** Forgets the history: after a node moves, its old parent's pace says nothing about the new one. */
    void reset() {
        count = 0;
    }

    void sample(long offset, long now) {
        int slot = count % SAMPLES;
        offsets[slot] = offset;
        nanos[slot] = now;
        count++;
    }

    /** Whether the window spans {@link #SAMPLES} samples since the last reset. */
    boolean full() {
        return count >= SAMPLES;
    }

    /** Bytes per second over the window; 0 until it is full. */
    double bytesPerSecond() {
        if (!full()) {
            return 0;
        }
        int newest = (count - 1) % SAMPLES;
        int oldest = count % SAMPLES;
        long elapsed = nanos[newest] - nanos[oldest];
        return elapsed <= 0 ? 0 : (offsets[newest] - offsets[oldest]) * 1e9 / elapsed;
    }
}
