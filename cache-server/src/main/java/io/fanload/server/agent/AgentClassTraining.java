package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.tree.TreeShape;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The training run of {@link AgentClassArchive}: one short JVM that loads the classes a node agent
 * loads, so that {@code -XX:ArchiveClassesAtExit} can store them. It moves a small real archive
 * through a two-node chain on loopback — one agent started as {@code fanload-agent} is
 * ({@link AgentMain#run}), one as the reader — each preparing its node image, then exits 0.
 */
public final class AgentClassTraining {

    private static final String LOOPBACK = "127.0.0.1";
    /** Several chunks, so that the chunk loop, forwarding and digest all run. */
    private static final int CHUNK = 64 << 10;

    private AgentClassTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fanload-agent-training");
        try {
            train(dir);
        } finally {
            NodeDirectory.remove(dir);
        }
        System.exit(0);
    }

    /**
     * The training's work, in {@code dir}: a coordinator and two agents moving a small archive over
     * loopback (also launch's training, LaunchClassTraining, for the coordinator's side).
     */
    public static void train(Path dir) throws Exception {
        Path archive = smallArchive(dir.resolve("training.fanload"));
        Secret secret = Secret.generate();
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(archive, TransferSpec.ofArchive(archive)).expectedNodes(2).shape(TreeShape.CHAIN)
                .chunkSize(CHUNK).bind(new InetSocketAddress(LOOPBACK, 0));
        NodeAgent reader;
        CompletableFuture<Integer> commandAgent;
        try (Coordinator coordinator = Coordinator.start(config)) {
            reader = NodeAgent.start(new AgentConfig().nodeId("training0").coordinator(coordinator.address())
                    .secret(secret).localDir(dir.resolve("node0")).advertiseHost(LOOPBACK).bindHost(LOOPBACK)
                    .preparer(ImagePreparer.NODE_IMAGE));
            Map<String, String> env = Map.of(Secret.ENV_SECRET, secret.hex(), AgentMain.ENV_COORDINATOR,
                    LOOPBACK + ":" + coordinator.address().getPort());
            PrintWriter silent = new PrintWriter(Writer.nullWriter());
            commandAgent = CompletableFuture.supplyAsync(() -> AgentMain.run(env, silent, silent,
                    "--node-id", "training1", "--local-dir", dir.resolve("node1").toString(),
                    "--bind", LOOPBACK, "--advertise", LOOPBACK));
            DistributionResult result = coordinator.result().get(1, TimeUnit.MINUTES);
            if (!result.allReady()) {
                throw new IllegalStateException("the training transfer did not complete: " + result);
            }
        }
        reader.terminated().get(1, TimeUnit.MINUTES);
        int status = commandAgent.get(1, TimeUnit.MINUTES);
        if (status != 0) {
            throw new IllegalStateException("the training agent exited " + status);
        }
    }

    /** A real fanload archive of 32 compressible and random resources (~1 MiB). */
    private static Path smallArchive(Path archive) throws IOException {
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false)) {
            writer.addSource("/training/a.jar", ArchiveFormat.SOURCE_JAR, 1, 1, new byte[32]);
            Random random = new Random(1);
            for (int i = 0; i < 32; i++) {
                byte[] bytes = new byte[32 << 10];
                if (i % 2 == 0) {
                    random.nextBytes(bytes);
                }
                writer.addName("training/r" + i + ".bin", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        EntryKind.RESOURCE, 0, writer.addBlob(bytes))));
            }
            writer.commit();
        }
        return archive;
    }
}
