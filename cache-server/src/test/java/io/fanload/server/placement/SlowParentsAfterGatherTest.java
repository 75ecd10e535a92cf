package io.fanload.server.placement;

import io.fanload.server.tree.TreeShape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow-parent moves when the reader read the whole archive during the gather (FaultTest's
 * slow-interior-node case failed once so: root ready at 0.0 s, node 2 never left its slow
 * parent). Before the start the reader's reading is a pace like any other; only bytes over the
 * time since the start would not be.
 */
class SlowParentsAfterGatherTest {

    static final long SIZE = (16L << 20) + 4321;
    static final int CHUNK = 256 << 10;
    static final long MS = SimulatedTree.MS;

    /** A 4-node chain whose reader reads at {@code readerRate} and is done before the last node joins. */
    private static SimulatedTree chainWithReaderDoneInTheGather(double readerRate, double slowRate, long gatherMillis) {
        SimulatedTree tree = new SimulatedTree(4, TreeShape.CHAIN, SIZE, CHUNK);
        tree.join(0, readerRate);
        long step = 50;
        while (tree.now < gatherMillis * MS) {
            tree.step(step);
        }
        assertTrue(tree.agent(0).ready, "the reader is done during the gather");
        tree.join(1, slowRate);
        tree.join(2, 100e6);
        tree.join(3, 100e6);
        assertTrue(tree.placement.started());
        return tree;
    }

    @Test
    void childOfASlowNodeMovesWhenTheReaderFinishedDuringTheGather() {
        // FaultTest's numbers: 256 KiB chunks, 150 ms per chunk at node 1 (1.7 MB/s); the reader
        // reads 16 MiB from a local disk in a tenth of a second, before the others join.
        SimulatedTree tree = chainWithReaderDoneInTheGather(160e6, CHUNK / 0.150, 500);
        tree.runToCompletion(50, 10_000);
        assertEquals(0.0, tree.node(SimulatedTree.id(0)).readySeconds());
        assertEquals(1, tree.node(SimulatedTree.id(2)).slowMoves(), "node 2 left its slow parent");
        assertEquals(0, tree.node(SimulatedTree.id(3)).slowMoves() + tree.node(SimulatedTree.id(3)).reparents(),
                "node 3 kept its parent, node 2, which got fast");
        assertTrue(tree.node(SimulatedTree.id(3)).readySeconds() < tree.node(SimulatedTree.id(1)).readySeconds(),
                "the end of the chain did not wait");
    }

    @Test
    void aReaderDoneDuringALongGatherDoesNotMakeAHealthyChainLookSlow() {
        // The reader's bytes over the short time since the start would be a pace far above the
        // links': every node behind a lagging parent would look slow and move.
        SimulatedTree tree = chainWithReaderDoneInTheGather(20e6, 20e6, 3_000);
        tree.runToCompletion(250, 10_000);
        assertTrue(tree.placement.nodes().stream().allMatch(n -> n.slowMoves() + n.reparents() == 0),
                () -> "moves in a healthy chain: " + tree.placement.nodes().stream()
                        .map(n -> n.nodeId() + "=" + n.slowMoves()).toList());
    }
}
