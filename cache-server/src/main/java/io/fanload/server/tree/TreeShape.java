package io.fanload.server.tree;

import java.util.Locale;

/**
 * A tree over positions 0..P-1 in the order nodes joined, position 0 being the reader of the
 * archive. A k-ary heap: the parent of position {@code i > 0} is {@code (i - 1) / k}; k = 1 is a
 * chain. Joining order keeps the tree valid while nodes are still arriving.
 */
public record TreeShape(int fanout) {

    public static final TreeShape CHAIN = new TreeShape(1);
    public static final TreeShape BINARY = new TreeShape(2);

    public TreeShape {
        if (fanout < 1 || fanout > 1024) {
            throw new IllegalArgumentException("fanout must be 1..1024, is " + fanout);
        }
    }

    /** Up to this many nodes the default shape is a chain, beyond it a binary tree. */
    public static final int CHAIN_UP_TO = 16;

    /**
     * The default for {@code nodes} nodes (docs/perf/tree.md). Every shape is pipelined, so a node
     * with k children sends the archive k times: a chain costs about S/B plus P chunk times of
     * pipeline fill, a binary tree about 2·S/B plus 2·log2(P) chunk times. The chain won every
     * measured case up to 8 nodes; beyond a few dozen nodes its fill, and the fact that one slow or
     * lost node holds up everyone behind it, favour the binary tree.
     */
    public static TreeShape defaultFor(int nodes) {
        return nodes <= CHAIN_UP_TO ? CHAIN : BINARY;
    }

    /** {@code chain}, {@code binary}, or a fanout {@code k} as a number. */
    public static TreeShape parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "chain":
                return CHAIN;
            case "binary":
                return BINARY;
            default:
                try {
                    return new TreeShape(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("tree shape must be chain, binary or a fanout number: " + text);
                }
        }
    }

    /** Parent position of {@code position}, or -1 for the root. */
    public int parentOf(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position");
        }
        return position == 0 ? -1 : (position - 1) / fanout;
    }

    /** Hops from the root to {@code position}. */
    public int depthOf(int position) {
        int depth = 0;
        for (int p = position; p > 0; p = parentOf(p)) {
            depth++;
        }
        return depth;
    }

    @Override
    public String toString() {
        return fanout == 1 ? "chain" : fanout == 2 ? "binary" : fanout + "-ary";
    }
}
