package io.fanload.server.tree;

import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent that waits for its place connects to the parent it is planned to get while the job
 * gathers, and uses that connection if placement keeps the parent; if the parent is gone by then,
 * it is placed under another and connects there.
 */
class EarlyParentLinkTest {

    @TempDir
    Path tmp;

    @Test
    void aWaitingAgentIsConnectedToItsPlannedParentBeforeItIsPlaced() throws Exception {
        Path source = archive(6);
        try (LoopbackTree tree = LoopbackTree.gathering(tmp.resolve("nodes"), source, 3, 256 << 10)) {
            NodeAgent reader = tree.startReadyReader();
            tree.startAgent(1);
            awaitConnectionTo(reader);
            assertFalse(tree.coordinator.result().isDone(), "connected during the gather");
            tree.startAgent(2);
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            assertEquals(0, result.nodes().stream().mapToInt(DistributionResult.NodeReport::reparents).sum(), result.toString());
            tree.assertReadyWithCopiesOf(source, null);
        }
    }

    @Test
    void aPlannedParentThatDiesDuringTheGatherIsReplacedAtPlacement() throws Exception {
        Path source = archive(7);
        try (LoopbackTree tree = LoopbackTree.gathering(tmp.resolve("nodes"), source, 4, 256 << 10)) {
            NodeAgent reader = tree.startReadyReader();
            NodeAgent planned = tree.startAgent(1);
            awaitConnectionTo(reader);
            NodeAgent orphan = tree.startAgent(2);
            awaitConnectionTo(planned);
            planned.kill();
            NodeAgent last = tree.startAgent(3);
            DistributionResult result = tree.coordinator.result().join();
            assertEquals(DistributionResult.Status.LOST, result.nodes().get(1).status(), result.toString());
            for (NodeAgent agent : new NodeAgent[] {reader, orphan, last}) {
                assertTrue(agent.ready().join().ready(), agent.nodeId() + ": " + result);
                assertEquals(-1, Files.mismatch(source, agent.layout().archive()), agent.nodeId());
            }
        }
    }

    /** A 3 MiB archive of random bytes (and the folder for the node-local folders). */
    private Path archive(long seed) throws IOException {
        Files.createDirectories(tmp.resolve("nodes"));
        return LoopbackTree.randomFile(tmp.resolve("archive.bin"), (3 << 20) + 9, seed);
    }

    /**
     * Waits until some socket on this machine is connected to {@code parent}'s data port
     * (/proc/net/tcp and tcp6: Netty's epoll sockets are IPv6, with 127.0.0.1 mapped).
     */
    private static void awaitConnectionTo(NodeAgent parent) throws Exception {
        String port = String.format(Locale.ROOT, ":%04X ", parent.dataAddress().getPort());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (establishedTo(port)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nobody connected to " + parent.nodeId() + " during the gather");
    }

    private static boolean establishedTo(String port) throws IOException {
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st ...: the child's socket has the parent's port as remote; 01 = ESTABLISHED
                if (f.length > 3 && (f[2] + " ").endsWith(port) && f[3].equals("01")) {
                    return true;
                }
            }
        }
        return false;
    }
}
