package io.fanload.server.placement;

import io.fanload.server.tree.TreeShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The placement at 1,000 and 10,000 simulated nodes: where every node goes, who adopts the
 * children of 1 % of the nodes lost mid-transfer, who leaves a slow parent, and when the
 * distribution is complete. Simulated time: each case runs in milliseconds.
 */
class PlacementAtScaleTest {

    static final long SIZE = 64L << 20;
    static final int CHUNK = 1 << 20;
    static final double RATE = 100e6;
    static final long STEP_MILLIS = 250;

    /** Every node joins (the first reads), then the gather ends: everyone placed once. */
    private static SimulatedTree gathered(int nodes, TreeShape shape) {
        SimulatedTree tree = new SimulatedTree(nodes, shape, SIZE, CHUNK);
        for (int i = 0; i < nodes; i++) {
            tree.join(i, RATE);
        }
        return tree;
    }

    /** A binary tree of {@code nodes}, run until the node at {@code position} holds {@code bytes}. */
    private static SimulatedTree placedAndRunning(int nodes, int position, long bytes) {
        SimulatedTree tree = gathered(nodes, TreeShape.BINARY);
        while (tree.agent(position).offset < bytes) {
            tree.step(STEP_MILLIS);
        }
        return tree;
    }

    private static int log2Floor(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void everyNodeIsPlacedOnceWithBoundedFanOutAndDepth(int nodes) {
        SimulatedTree tree = gathered(nodes, TreeShape.BINARY);
        assertTrue(tree.gatherOpened, "the first join opens the gather window");
        assertTrue(tree.placement.started(), "the last expected join starts the distribution");
        Map<String, Integer> children = new HashMap<>();
        int deepest = 0;
        for (SimulatedTree.Agent a : tree.agents.values()) {
            assertEquals(1, a.assigns, a.id + " placed once");
            if (a.parent != null) {
                children.merge(a.parent, 1, Integer::sum);
            }
            deepest = Math.max(deepest, tree.depth(a));
        }
        assertNull(tree.agent(0).parent, "the first to join reads the archive");
        assertEquals(1, tree.agents.values().stream().filter(a -> a.parent == null).count(), "one reader");
        assertTrue(children.values().stream().allMatch(c -> c <= 2), "fan-out at most 2: " + children);
        assertEquals(log2Floor(nodes), deepest, "depth of a binary heap of " + nodes);
        // Those told to expect a parent during the gather got that very parent.
        for (SimulatedTree.Agent a : tree.agents.values()) {
            if (a.plannedParent != null) {
                assertEquals(a.plannedParent, a.parent, a.id);
            }
        }
        assertEquals(nodes - 2, tree.agents.values().stream().filter(a -> a.plannedParent != null).count(),
                "all but the reader and the last to join were told their parent while gathering");
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void everyNodeCompletesAndCompletionComesWithTheLastReady(int nodes) {
        SimulatedTree tree = gathered(nodes, TreeShape.BINARY);
        String leaf = SimulatedTree.id(nodes - 1);
        tree.kill(leaf); // a lost node ends too: completion must not wait for it
        int steps = 0;
        while (tree.agents.values().stream().anyMatch(SimulatedTree.Agent::receiving)) {
            assertFalse(tree.placement.complete(), "complete while nodes still receive, step " + steps);
            tree.step(STEP_MILLIS);
            assertTrue(++steps < 1_000);
        }
        assertTrue(tree.placement.complete(), "complete once the last node is ready");
        for (PlacedNode n : tree.placement.nodes()) {
            assertEquals(n.nodeId().equals(leaf) ? PlacedNode.Outcome.LOST : PlacedNode.Outcome.READY, n.outcome());
            assertEquals(0, n.reparents() + n.slowMoves(), "a healthy tree moves nobody");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void losingOnePercentMidTransferLeavesNoOrphanAndNoCycle(int nodes) {
        SimulatedTree tree = placedAndRunning(nodes, 0, SIZE / 2);
        Random random = new Random(17);
        List<String> ids = new ArrayList<>(tree.agents.keySet());
        Set<String> victims = random.ints(1, nodes).distinct().limit(nodes / 100).mapToObj(ids::get)
                .collect(Collectors.toSet());
        Set<String> orphans = tree.agents.values().stream()
                .filter(a -> victims.contains(a.parent) && !victims.contains(a.id))
                .map(a -> a.id).collect(Collectors.toSet());
        assertFalse(orphans.isEmpty());
        victims.forEach(tree::kill);
        for (SimulatedTree.Agent a : tree.agents.values()) {
            if (a.alive) {
                tree.depth(a); // no dead parent, no cycle
                assertEquals(a.parent, tree.placement.parentOf(a.id), "what it was told is what the placement holds");
            }
        }
        assertEquals(1, tree.agents.values().stream().filter(a -> a.alive && a.parent == null).count(),
                "the reader lives: no orphan had to read the archive itself");
        tree.runToCompletion(STEP_MILLIS, 1_000);
        for (PlacedNode n : tree.placement.nodes()) {
            boolean victim = victims.contains(n.nodeId());
            assertEquals(victim ? PlacedNode.Outcome.LOST : PlacedNode.Outcome.READY, n.outcome(), n.nodeId());
            assertEquals(orphans.contains(n.nodeId()) ? 1 : 0, n.reparents(), n.nodeId());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void losingTheReaderMakesOneOrphanTheReader(int nodes) {
        SimulatedTree tree = placedAndRunning(nodes, 1, SIZE / 4);
        tree.kill(SimulatedTree.id(0));
        assertNull(tree.agent(1).parent, "the first orphan finds no reader alive: it reads the rest itself");
        assertEquals(SimulatedTree.id(1), tree.agent(2).parent, "the second is placed under the first, which is ahead");
        tree.runToCompletion(STEP_MILLIS, 1_000);
        assertEquals(nodes - 1, tree.placement.nodes().stream().filter(n -> n.outcome() == PlacedNode.Outcome.READY).count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1_000, 10_000})
    void childrenOfASlowInteriorNodeMoveAndTheirSubtreesFollow(int nodes) {
        SimulatedTree tree = new SimulatedTree(nodes, TreeShape.BINARY, SIZE, CHUNK);
        for (int i = 0; i < nodes; i++) {
            tree.join(i, i == 1 ? RATE / 20 : RATE);
        }
        // Short steps: a hop's lag in the simulation is one step, and a catching-up subtree must
        // not look slow for longer than it would behind real hops (milliseconds).
        tree.runToCompletion(20, 100_000);
        String slow = SimulatedTree.id(1);
        for (PlacedNode n : tree.placement.nodes()) {
            boolean childOfSlow = n.position() == 3 || n.position() == 4;
            assertEquals(childOfSlow ? 1 : 0, n.slowMoves(), n.nodeId() + " moved");
            assertEquals(PlacedNode.Outcome.READY, n.outcome(), n.nodeId());
        }
        assertEquals(SimulatedTree.id(0), tree.agent(3).parent, "moved up to the slow node's parent");
        double slowDone = tree.node(slow).readySeconds();
        // Everything below the moved children finished long before the slow node itself.
        assertTrue(tree.placement.nodes().stream().filter(n -> n.position() > 2 && !n.nodeId().equals(slow))
                .allMatch(n -> n.readySeconds() < slowDone / 2), "the subtrees did not wait for " + slow);
    }
}
