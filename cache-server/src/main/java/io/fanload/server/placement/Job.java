package io.fanload.server.placement;

import io.fanload.server.protocol.Message;
import io.fanload.server.tree.TreeShape;

/**
 * What the placement needs to know of one distribution: how many nodes to expect, the tree's
 * shape, and what every node's {@code Assign} carries (the archive's size and digest, where the
 * reader reads it, the agents' timeouts). {@code leaveSlowParents}: whether pace samples move
 * children off slow parents.
 */
public record Job(int expectedNodes, TreeShape shape, int chunkSize, long size, long digestEnd, byte[] sha256,
                  String source, int stallMillis, long giveUpMillis, boolean leaveSlowParents) {

    public Job {
        if (expectedNodes < 1 || chunkSize < 1 || size < 1) {
            throw new IllegalArgumentException("expected nodes, chunk size and size must be positive");
        }
        sha256 = sha256.clone();
    }

    /** The placement of the node at {@code position}: fetch from {@code parent}, or read the source when null. */
    Message.Assign assign(int position, PlacedNode parent) {
        return new Message.Assign(position, chunkSize, size, digestEnd, sha256.clone(),
                parent == null ? null : parent.endpoint(), parent == null ? source : "", stallMillis, giveUpMillis);
    }
}
