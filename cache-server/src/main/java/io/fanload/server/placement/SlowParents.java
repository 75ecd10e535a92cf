package io.fanload.server.placement;

import io.fanload.server.tree.ParentChooser;

/**
 * Finds children held back by a slow but live parent — a node whose own link is throttled, whose
 * disk or CPU is overloaded — which the stall timeout never catches because the parent keeps
 * sending. In a chain every node below such a parent would crawl at its pace; on the test bed one
 * node throttled to 10 Mbit/s (docs/RELIABILITY.md) held three others at 1.2 MB/s.
 * <p>
 * A parent P holds back its child C when all of these hold, judged on rates over the last
 * {@link RateWindow} (3 s):
 * <ul>
 *   <li>C is starved: it has (almost) everything P has, so C waits on P, not on its own link;</li>
 *   <li>C is slow: below {@link #SLOW_FRACTION} of the peak rate, the fastest any node received at
 *       in this distribution, over a window or on average since the start (the reader's pace
 *       usually; the rate now would not do: once the fast nodes are done, the crawling ones are the
 *       fastest left);</li>
 *   <li>P itself is slow and not starved: it lags its own source by more than
 *       {@link #AHEAD_CHUNKS} chunks, so P is the bottleneck, not something above it (this keeps a
 *       whole chain below one slow node from being judged slow at once);</li>
 *   <li>both windows are full: a node that just moved shows its new pace first.</li>
 * </ul>
 * The coordinator then moves C to a usable node that is {@link #AHEAD_CHUNKS} chunks ahead of it,
 * and gives P no new children. A slow leaf, or a slow reader (a slow shared file system), moves
 * nobody: there is nothing faster to move to.
 */
final class SlowParents {

    /** How often the coordinator samples every node's offset. */
    static final long SAMPLE_MILLIS = 1000;
    /** Below a quarter of the fastest node's rate a node counts as slow (jitter is about 15 %). */
    static final double SLOW_FRACTION = 0.25;
    /** How far ahead a node must be to be worth a move (each move loses the chunk in flight). */
    static final int AHEAD_CHUNKS = 4;
    /**
     * A node takes children for slowness only while it has fewer than this many: moves must not
     * pile a tree's nodes onto its one complete node, whose upload they would then share. (An
     * orphan of a dead parent has no such limit: it has no parent at all.)
     */
    static final int MAX_CHILDREN = 4;
    /** Moves for slowness per node: enough to get around two slow nodes, too few to churn. */
    static final int MAX_MOVES = 2;

    /** What the rule needs to know of a node. */
    interface Node extends ParentChooser.Node {
        @Override
        Node parent();

        /** Still receiving (no outcome yet) and alive. */
        boolean receiving();

        RateWindow rate();
    }

    private SlowParents() {
    }

    /** Whether {@code child}'s parent holds it back (see the class comment). */
    static boolean heldBack(Node child, double peak, int chunkSize) {
        Node parent = child.parent();
        if (!child.receiving() || parent == null || parent.complete() || parent.parent() == null || peak <= 0) {
            return false;
        }
        if (!child.rate().full() || !parent.rate().full()) {
            return false;
        }
        long margin = (long) AHEAD_CHUNKS * chunkSize;
        boolean starved = child.offset() >= parent.offset() - 2L * chunkSize;
        boolean childSlow = child.rate().bytesPerSecond() < SLOW_FRACTION * peak;
        boolean parentSlow = parent.rate().bytesPerSecond() < SLOW_FRACTION * peak;
        Node source = parent.parent();
        boolean parentLags = source.complete() || source.offset() > parent.offset() + margin;
        return starved && childSlow && parentSlow && parentLags;
    }

    /**
     * Whether moving {@code child} from {@code slow} to {@code candidate} pays: the candidate holds the
     * whole archive, or it is well ahead of the child and receives at least twice as fast as the
     * slow parent. (Without the second rule, 256 agents sharing two cores — every node slow next to
     * the reader — moved 286 times in one distribution; with it, the moves go only to nodes that
     * are faster.)
     */
    static boolean worthMoving(Node candidate, Node child, Node slow, int chunkSize) {
        if (candidate == null || candidate.childCount() >= MAX_CHILDREN) {
            return false;
        }
        if (candidate.complete()) {
            return true;
        }
        return candidate.offset() >= child.offset() + (long) AHEAD_CHUNKS * chunkSize
                && candidate.rate().full()
                && candidate.rate().bytesPerSecond() >= 2 * slow.rate().bytesPerSecond();
    }
}
