package io.fanload.server.tree;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.server.agent.ImagePreparer;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;
import io.fanload.writer.image.NodeImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real fanload archive through the tree: every node verifies it and prepares its node-local image. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void everyNodeGetsTheArchiveAndAReadyImage() throws Exception {
        Path archive = tmp.resolve("app.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false)) {
            writer.addSource("/pfs/app/a.jar", ArchiveFormat.SOURCE_JAR, 1, 1, new byte[32]);
            Random random = new Random(4);
            for (int i = 0; i < 40; i++) {
                byte[] bytes = new byte[64 << 10];
                random.nextBytes(bytes);
                writer.addName("res/r" + i + ".bin", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        EntryKind.RESOURCE, 0, writer.addBlob(bytes))));
            }
            writer.commit();
        }
        TransferSpec spec = TransferSpec.ofArchive(archive);
        assertEquals(Files.size(archive) - ArchiveFormat.TRAILER_SIZE, spec.digestEnd());
        assertEquals(spec, TransferSpec.ofFile(archive, spec.digestEnd()));

        Path nodes = Files.createDirectories(tmp.resolve("nodes"));
        CoordinatorConfig config = new CoordinatorConfig().source(archive, spec).expectedNodes(4).chunkSize(256 << 10);
        try (LoopbackTree tree = new LoopbackTree(nodes, archive, config)) {
            for (int i = 0; i < 4; i++) {
                tree.agents.add(NodeAgent.start(tree.agentConfig(i).preparer(ImagePreparer.NODE_IMAGE)));
            }
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            for (NodeAgent agent : tree.agents) {
                assertEquals(-1, Files.mismatch(archive, agent.layout().archive()), agent.nodeId());
                assertTrue(NodeImages.isReady(agent.layout()), agent.nodeId());
                assertTrue(Files.exists(agent.layout().readyMarker()), agent.nodeId());
            }
        }
    }
}
