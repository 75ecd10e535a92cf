package io.fanload.server.tree;

import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallTreeTest {

    @TempDir
    Path tmp;

    @Test
    void eightNodesBinaryTreeEveryCopyByteEqual() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), (8 << 20) + 12345, 1);
        Files.createDirectories(tmp.resolve("nodes"));
        try (LoopbackTree tree = new LoopbackTree(tmp.resolve("nodes"), source,
                LoopbackTree.config(source, 8, TreeShape.BINARY, 256 << 10))) {
            for (int i = 0; i < 8; i++) {
                tree.startAgent(i);
            }
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            for (NodeAgent agent : tree.agents) {
                AgentOutcome outcome = agent.ready().join();
                assertTrue(outcome.ready(), outcome.toString());
                assertEquals(-1, Files.mismatch(source, agent.layout().archive()), agent.nodeId());
            }
        }
        for (int i = 0; i < 8; i++) {
            assertFalse(Files.exists(tmp.resolve("nodes/n" + i)), "node-local folder removed at step end");
        }
    }
}
