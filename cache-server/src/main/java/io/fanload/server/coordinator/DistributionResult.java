package io.fanload.server.coordinator;

import java.util.List;

/**
 * How a distribution ended: one {@link NodeReport} per node that registered (in join order) plus
 * the nodes that never did; {@code seconds} runs from the reader's start to the last node ready.
 */
public record DistributionResult(long bytes, int expectedNodes, int missingNodes, double seconds,
                                 List<NodeReport> nodes) {

    public DistributionResult {
        nodes = List.copyOf(nodes);
    }

    /** How one node ended. */
    public enum Status { READY, FALLBACK, LOST }

    /**
     * One node: its outcome, seconds from the reader's start to its ready message, its place
     * (join position, depth in the initial tree), how often it was re-parented after losing its
     * parent (dead, stalled, corrupting) and how often it left a slow one, the bytes it holds
     * verified (as last reported: a progress display sums these), why it failed, and its
     * timeline on the same clock as {@code readySeconds}: when it joined (negative: during the
     * gather, before the start), when its first byte arrived and its last chunk was verified
     * (-1: not known, it was not ready; a reader's bytes before the start count as at 0).
     */
    public record NodeReport(String nodeId, Status status, double readySeconds, int position, int depth,
                             int reparents, int slowMoves, long bytes, String detail,
                             double joinSeconds, double firstByteSeconds, double lastByteSeconds) {
    }

    /** Verified bytes held by all nodes together, over what all expected nodes will hold (0..1). */
    public double progress() {
        long held = nodes.stream().mapToLong(NodeReport::bytes).sum();
        return (double) held / ((double) bytes * expectedNodes);
    }

    public long readyCount() {
        return nodes.stream().filter(n -> n.status() == Status.READY).count();
    }

    /** Every expected node ready. */
    public boolean allReady() {
        return missingNodes == 0 && readyCount() == expectedNodes;
    }
}
