package io.fanload.server.tree;

import io.fanload.server.agent.AgentConfig;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** 256 simulated nodes on loopback: a 64 MB file reaches every one, byte-equal. */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
class TreeDistributionTest {

    static final int NODES = 256;
    static final long SIZE = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void twoHundredFiftySixNodesEachGetAVerifiedCopy() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), SIZE, 256);
        Path nodes = Files.createDirectories(tmp.resolve("nodes"));
        CoordinatorConfig config = LoopbackTree.config(source, NODES, TreeShape.BINARY, CoordinatorConfig.DEFAULT_CHUNK);
        try (LoopbackTree tree = new LoopbackTree(nodes, source, config)) {
            for (int i = 0; i < NODES; i++) {
                tree.startAgent(i);
            }
            DistributionResult result = tree.coordinator.result().join();
            System.out.printf("distribution: %d nodes ready, last after %.1f s%n", result.readyCount(), result.seconds());
            assertTrue(result.allReady(), () -> result.nodes().stream()
                    .filter(n -> n.status() != DistributionResult.Status.READY).toList().toString());
            tree.assertReadyWithCopiesOf(source, null);
            System.out.println("verified");
        }
    }
}
