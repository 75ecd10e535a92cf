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

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real fanload archive through the tree: every node verifies it and prepares its node-local image. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void everyNodeGetsTheArchiveAndAReadyImage() throws Exception {
        Path archive = archive();
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

    /**
     * The index region goes down the tree ahead of the data: every node, not only the one that reads
     * the archive, expands entries as their bytes arrive (the transfer is slowed to a chunk per 30 ms
     * so that the image thread keeps up). Before, only the reading node did; the others expanded all
     * 40 entries after their last byte.
     */
    @Test
    void everyNodeExpandsEntriesAsTheirBytesArrive() throws Exception {
        Path archive = archive();
        Path nodes = Files.createDirectories(tmp.resolve("nodes"));
        CoordinatorConfig config = new CoordinatorConfig().source(archive, TransferSpec.ofArchive(archive))
                .expectedNodes(3).shape(TreeShape.CHAIN).chunkSize(256 << 10);
        try (LoopbackTree tree = new LoopbackTree(nodes, archive, config)) {
            for (int i = 0; i < 3; i++) {
                tree.agents.add(NodeAgent.start(tree.agentConfig(i).preparer(ImagePreparer.NODE_IMAGE)
                        .onVerified(offset -> sleep(30))));
            }
            assertTrue(tree.coordinator.result().join().allReady());
            for (NodeAgent agent : tree.agents) {
                String timeline = agent.ready().join().timeline();
                assertTrue(timeline.matches(".*, [1-9][0-9]* entries early"), agent.nodeId() + ": " + timeline);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aCorruptArchiveGivesEveryNodeAFallbackOnItsDigestAndNoReadyImage() throws Exception {
        Path archive = archive();
        TransferSpec spec = TransferSpec.ofArchive(archive);
        // A flipped byte in the middle of an entry, after the coordinator took the digest: the chunk
        // checksums pass (the reader computes them from the bad bytes), the entry's own checks fail
        // while staging, and the digest fails: no node may publish its image.
        try (FileChannel f = FileChannel.open(archive, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long at = Files.size(archive) / 2;
            f.read(b, at);
            f.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x20)}), at);
        }
        Path nodes = Files.createDirectories(tmp.resolve("nodes"));
        CoordinatorConfig config = new CoordinatorConfig().source(archive, spec).expectedNodes(4).chunkSize(256 << 10);
        try (LoopbackTree tree = new LoopbackTree(nodes, archive, config)) {
            for (int i = 0; i < 4; i++) {
                tree.agents.add(NodeAgent.start(tree.agentConfig(i).keepLocalDir(true).preparer(ImagePreparer.NODE_IMAGE)));
            }
            DistributionResult result = tree.coordinator.result().join();
            assertEquals(0, result.readyCount(), result.toString());
            for (DistributionResult.NodeReport node : result.nodes()) {
                assertEquals(DistributionResult.Status.FALLBACK, node.status(), result.toString());
                assertTrue(node.detail().contains("SHA-256"), node.detail());
            }
            for (NodeAgent agent : tree.agents) {
                assertFalse(agent.ready().join().ready(), agent.nodeId());
                assertFalse(Files.exists(agent.layout().readyMarker()), agent.nodeId());
            }
        }
    }

    /** A real archive of 40 random resources (~2.5 MiB). */
    private Path archive() throws Exception {
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
        return archive;
    }
}
