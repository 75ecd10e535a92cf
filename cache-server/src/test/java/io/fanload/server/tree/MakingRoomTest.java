package io.fanload.server.tree;

import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Agents that wait for their place make room for the archive: in tmpfs (where the default
 * node-local folder lives) the file is written full size before placement, and a node without
 * room falls back before anyone is placed under it.
 */
class MakingRoomTest {

    @TempDir
    Path tmp;
    /** Node-local folders in memory, as on a compute node: /dev/shm. */
    private Path shm;

    @BeforeEach
    void inMemory() throws IOException {
        shm = Files.createTempDirectory(Path.of("/dev/shm"), "fanload-room-test");
    }

    @AfterEach
    void removeShm() throws Exception {
        new ProcessBuilder("rm", "-rf", shm.toString()).start().waitFor();
    }

    @Test
    void aWaitingAgentFillsItsFileToTheArchiveSizeAndTheTransferOverwritesIt() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (6 << 20) + 5, 4);
        try (LoopbackTree tree = LoopbackTree.gathering(shm, source, 3, 256 << 10)) {
            // Join order is tree order: n0 must have joined (and, as the reader, be done) first.
            tree.startReadyReader();
            NodeAgent waiting = tree.startAgent(1);
            Path file = waiting.layout().archive();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(Files.exists(file) && Files.size(file) == Files.size(source)) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Files.size(source), Files.size(file), "room made while the third node has not joined");
            assertFalse(tree.coordinator.result().isDone());
            tree.startAgent(2);
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            tree.assertReadyWithCopiesOf(source, null);
        }
    }

    @Test
    void aNodeWithoutRoomFallsBackBeforeItIsPlacedAndIsNobodysParent() throws Exception {
        Path small = shm.resolve("small");
        Files.createDirectories(small);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString()) == 0,
                "mounting a 1 MiB tmpfs needs root (CI runs as root)");
        try {
            Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (4 << 20) + 3, 5);
            try (LoopbackTree tree = LoopbackTree.gathering(shm, source, 3, 256 << 10)) {
                tree.startReadyReader();
                // n1's folder is on the 1 MiB file system; in a chain it is n2's planned parent.
                NodeAgent cramped = tree.startAgent(1, (a, o) -> { }, c -> c.localDir(small.resolve("n1")));
                AgentOutcome outcome = cramped.ready().get(20, TimeUnit.SECONDS);
                assertFalse(outcome.ready());
                assertTrue(outcome.reason().startsWith("no room in " + small.resolve("n1")), outcome.reason());
                assertFalse(tree.coordinator.result().isDone(), "fell back during the gather");
                NodeAgent last = tree.startAgent(2);
                DistributionResult result = tree.coordinator.result().join();
                assertEquals(DistributionResult.Status.FALLBACK, node(result, "n1").status(), result.toString());
                DistributionResult.NodeReport n2 = node(result, "n2");
                assertEquals(DistributionResult.Status.READY, n2.status(), result.toString());
                assertEquals(0, n2.reparents(), "placed under a node with room, not under n1: " + result);
                assertEquals(-1, Files.mismatch(source, last.layout().archive()));
            }
        } finally {
            run("umount", small.toString());
        }
    }

    private static DistributionResult.NodeReport node(DistributionResult result, String id) {
        return result.nodes().stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static int run(String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
