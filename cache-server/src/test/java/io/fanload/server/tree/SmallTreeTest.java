package io.fanload.server.tree;

import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallTreeTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Transport.class)
    void eightNodesBinaryTreeEveryCopyByteEqual(Transport transport) throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (8 << 20) + 12345, 1);
        Files.createDirectories(tmp.resolve("nodes"));
        try (LoopbackTree tree = new LoopbackTree(tmp.resolve("nodes"), source,
                LoopbackTree.config(source, 8, TreeShape.BINARY, 256 << 10), transport)) {
            for (int i = 0; i < 8; i++) {
                tree.startAgent(i);
            }
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            assertEquals(1.0, result.progress());
            assertEquals(1.0, tree.coordinator.snapshot().progress());
            for (DistributionResult.NodeReport node : result.nodes()) {
                assertReportedTimelineInOrder(node);
            }
            for (NodeAgent agent : tree.agents) {
                AgentOutcome outcome = agent.ready().join();
                assertTrue(outcome.ready(), outcome.toString());
                assertEquals(-1, Files.mismatch(source, agent.layout().archive()), agent.nodeId());
                assertTimelineInOrder(outcome);
            }
        }
        for (int i = 0; i < 8; i++) {
            assertFalse(Files.exists(tmp.resolve("nodes/n" + i)), "node-local folder removed at step end");
        }
    }

    /**
     * The coordinator's view of a ready node (its Ready message's marks on the coordinator's
     * clock): joined, then first byte, then last byte, then ready (a reader done before the start: all at 0).
     */
    private static void assertReportedTimelineInOrder(DistributionResult.NodeReport node) {
        String where = node.toString();
        assertTrue(node.firstByteSeconds() >= 0 && node.lastByteSeconds() >= 0, where);
        assertTrue(node.joinSeconds() <= node.firstByteSeconds(), where);
        assertTrue(node.firstByteSeconds() <= node.lastByteSeconds(), where);
        // the agent measures from its placement as it receives the Assign: its clock lags by a message
        assertTrue(node.lastByteSeconds() <= node.readySeconds() + 0.05, where);
    }

    /**
     * Every step of a ready node's timeline happened, in order, within its time to ready. The image is
     * staged after the last chunk but beside the digest, so the two may come in either order.
     */
    private static void assertTimelineInOrder(AgentOutcome outcome) {
        Matcher m = Pattern.compile(
                "connected (\\d+) ms, first byte (\\d+) ms, last chunk (\\d+) ms, copies (-?\\d+) ms, digest (\\d+) ms, image (\\d+) ms(, \\d+ entries early)?")
                .matcher(outcome.timeline());
        assertTrue(m.matches(), outcome.timeline());
        long previous = 0;
        for (int i : new int[] {1, 2, 3, 5}) { // connected, first byte, last chunk, digest
            long mark = Long.parseLong(m.group(i));
            assertTrue(mark >= previous, outcome.timeline());
            previous = mark;
        }
        long lastChunk = Long.parseLong(m.group(3));
        long copies = Long.parseLong(m.group(4)); // -1: nothing to copy (these agents keep only the archive)
        long image = Long.parseLong(m.group(6));
        assertTrue(image >= lastChunk && copies <= image, outcome.timeline());
        assertTrue(Math.max(previous, image) <= Math.round(outcome.seconds() * 1000),
                outcome.timeline() + " vs " + outcome.seconds() + " s");
    }

    @Test
    void theReaderReadsWhileTheOthersAreStillJoining() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (2 << 20) + 7, 3);
        Files.createDirectories(tmp.resolve("nodes"));
        try (LoopbackTree tree = LoopbackTree.gathering(tmp.resolve("nodes"), source, 3, 64 << 10)) {
            // Placed at its join, not at the end of the gather (30 s, or the other two joining).
            tree.startReadyReader();
            assertFalse(tree.coordinator.result().isDone());
            tree.startAgent(1);
            tree.startAgent(2);
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            assertEquals(0.0, result.nodes().get(0).readySeconds(), "ready before the distribution started");
            assertTrue(result.nodes().get(0).joinSeconds() < 0, "joined during the gather: " + result);
            assertEquals(0.0, result.nodes().get(0).lastByteSeconds(), "read before the start counts as at 0");
            assertTrue(result.nodes().get(2).joinSeconds() <= 0.001, "the last to join starts the distribution");
            assertNotEquals(0.0, result.nodes().get(2).readySeconds());
            assertEquals(0, result.nodes().get(2).reparents() + result.nodes().get(2).slowMoves(), result.toString());
            for (NodeAgent agent : tree.agents) {
                assertEquals(-1, Files.mismatch(source, agent.layout().archive()), agent.nodeId());
            }
        }
    }

    @Test
    void aLateNodeCatchesUpFromItsParentsCopy() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (4 << 20) + 1, 2);
        Files.createDirectories(tmp.resolve("nodes"));
        try (LoopbackTree tree = new LoopbackTree(tmp.resolve("nodes"), source,
                LoopbackTree.config(source, 3, TreeShape.CHAIN, 64 << 10).gatherWindow(Duration.ofMillis(100)))) {
            NodeAgent first = tree.startAgent(0);
            NodeAgent second = tree.startAgent(1);
            assertTrue(first.ready().join().ready());
            assertTrue(second.ready().join().ready());
            // Joins after the others finished: served entirely from position 1's local file.
            NodeAgent late = tree.startAgent(2);
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            assertEquals(2, late.position());
            assertEquals(-1, Files.mismatch(source, late.layout().archive()));
        }
    }
}
