package io.fanload.server.placement;

import io.fanload.server.protocol.Endpoint;

/**
 * What the placement knows of one node: its place, its parent, its progress and how it ended.
 * Written only by {@link Placement}; the getters are for the coordinator's report.
 */
public final class PlacedNode implements SlowParents.Node {

    /** How a node ended: ready, fell back (its agent gave up), or lost (its agent vanished). */
    public enum Outcome { READY, FALLBACK, LOST }

    final Endpoint endpoint;
    final int position;
    final int depth;
    private final long size;
    final long joinedNanos;
    PlacedNode parent;
    int children;
    long offset;
    /** When {@link #offset} last grew: with {@link #joinedNanos}, the pace of a reader done during the gather. */
    long grewNanos;
    /** What it had when the distribution started (the reader reads during the gather). */
    long offsetAtStart;
    boolean placed;
    /** When the coordinator placed it: the origin of the agent's own timeline. */
    long placedNanos;
    /** Its first and last byte on the coordinator's clock, -1 until its ready message says. */
    long firstByteNanos = -1;
    long lastByteNanos = -1;
    boolean alive = true;
    boolean suspect;
    int reparents;
    int slowMoves;
    final RateWindow rate = new RateWindow();
    Outcome outcome;
    double readySeconds;
    String detail = "";

    PlacedNode(Endpoint endpoint, int position, int depth, long size, long joinedNanos) {
        this.endpoint = endpoint;
        this.position = position;
        this.depth = depth;
        this.size = size;
        this.joinedNanos = joinedNanos;
    }

    /** Takes a reported offset; offsets never go back (reports may cross a re-parenting). */
    void reached(long reported, long now) {
        if (reported > offset) {
            offset = reported;
            grewNanos = now;
        }
    }

    /**
     * Bytes per second received before the distribution started, from its placement to its last
     * report: only the reader receives then. A rate, not bytes over the time since the start, which
     * would make a reader done during a long gather look arbitrarily fast.
     */
    double paceBeforeStart() {
        long elapsed = grewNanos - joinedNanos;
        return offset == 0 || elapsed <= 0 ? 0 : offset * 1e9 / elapsed;
    }

    /** The agent's marks (microseconds after its placement, -1: not known) on the coordinator's clock. */
    void bytesAt(long firstByteMicros, long lastByteMicros) {
        firstByteNanos = firstByteMicros < 0 ? -1 : placedNanos + firstByteMicros * 1000;
        lastByteNanos = lastByteMicros < 0 ? -1 : placedNanos + lastByteMicros * 1000;
    }

    /** When it registered, on the coordinator's clock (nanoseconds). */
    public long joinedNanos() {
        return joinedNanos;
    }

    /** When its first verified byte arrived, on the coordinator's clock; -1 until it was ready. */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    /** When its last chunk was verified, on the coordinator's clock; -1 until it was ready. */
    public long lastByteNanos() {
        return lastByteNanos;
    }

    public String nodeId() {
        return endpoint.nodeId();
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public int position() {
        return position;
    }

    /** Depth in the tree's shape at its join. */
    public int depth() {
        return depth;
    }

    /** Its outcome, or null while it is still receiving. */
    public Outcome outcome() {
        return outcome;
    }

    public double readySeconds() {
        return readySeconds;
    }

    /** Times it was given a new parent after losing one (dead, stalled, corrupting). */
    public int reparents() {
        return reparents;
    }

    /** Times it left a slow parent. */
    public int slowMoves() {
        return slowMoves;
    }

    public String detail() {
        return detail;
    }

    @Override
    public PlacedNode parent() {
        return parent;
    }

    @Override
    public boolean receiving() {
        return alive && outcome == null;
    }

    @Override
    public RateWindow rate() {
        return rate;
    }

    @Override
    public boolean usable() {
        return alive && !suspect && (outcome == null || outcome == Outcome.READY);
    }

    @Override
    public boolean complete() {
        return outcome == Outcome.READY || offset == size;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public int childCount() {
        return children;
    }
}
