package io.fanload.server.tree;

import io.fanload.server.agent.AgentConfig;
import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.ImagePreparer;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.transport.Transport;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A coordinator and N agents in this JVM on loopback, sharing two event loops and two digest threads. */
public final class LoopbackTree implements AutoCloseable {

    public final Secret secret = Secret.generate();
    public final Transport transport;
    public final EventLoopGroup group;
    public final ExecutorService digests = Executors.newFixedThreadPool(2);
    public final Path dir;
    public final Coordinator coordinator;
    public final List<NodeAgent> agents = new ArrayList<>();

    public LoopbackTree(Path dir, Path source, CoordinatorConfig config) throws IOException {
        this(dir, source, config, Transport.auto());
    }

    public LoopbackTree(Path dir, Path source, CoordinatorConfig config, Transport transport) throws IOException {
        this.dir = dir;
        this.transport = transport;
        this.group = transport.newGroup(2, "test-tree");
        this.coordinator = Coordinator.start(config.secret(secret).group(group).transport(transport)
                .bind(new InetSocketAddress("127.0.0.1", 0)));
    }

    public static CoordinatorConfig config(Path source, int nodes, TreeShape shape, int chunk) throws IOException {
        return new CoordinatorConfig().source(source, TransferSpec.ofFile(source, Files.size(source) - 256))
                .expectedNodes(nodes).shape(shape).chunkSize(chunk);
    }

    /**
     * A chain of {@code nodes} whose coordinator gathers until all joined (or 30 s): the tests of
     * what agents do while the job gathers. Node-local folders under {@code dir}, which must exist.
     */
    public static LoopbackTree gathering(Path dir, Path source, int nodes, int chunk) throws IOException {
        return new LoopbackTree(dir, source, config(source, nodes, TreeShape.CHAIN, chunk)
                .gatherWindow(java.time.Duration.ofSeconds(30)));
    }

    /** Starts {@code n0}, which joins first and so is the reader, placed at once; waits until it is ready. */
    public NodeAgent startReadyReader() throws Exception {
        NodeAgent reader = startAgent(0);
        assertTrue(reader.ready().get(20, TimeUnit.SECONDS).ready(), "the reader, placed at its join");
        return reader;
    }

    /** Starts agent {@code n<i>} with its node-local folder under {@link #dir}. */
    public NodeAgent startAgent(int i) throws IOException {
        return startAgent(i, (agent, offset) -> { });
    }

    /** Same, calling {@code hook} on the agent's loop each time its verified prefix grows. */
    public NodeAgent startAgent(int i, BiConsumer<NodeAgent, Long> hook) throws IOException {
        return startAgent(i, hook, UnaryOperator.identity());
    }

    /** Same, with the agent's settings adjusted by {@code tweak}. */
    public NodeAgent startAgent(int i, BiConsumer<NodeAgent, Long> hook, UnaryOperator<AgentConfig> tweak)
            throws IOException {
        AtomicReference<NodeAgent> self = new AtomicReference<>();
        NodeAgent agent = NodeAgent.start(tweak.apply(agentConfig(i)).onVerified(offset -> {
            if (self.get() != null) {
                hook.accept(self.get(), offset);
            }
        }));
        self.set(agent);
        agents.add(agent);
        return agent;
    }

    public AgentConfig agentConfig(int i) {
        return new AgentConfig().nodeId("n" + i).coordinator(coordinator.address()).secret(secret)
                .localDir(dir.resolve("n" + i)).advertiseHost("127.0.0.1").bindHost("127.0.0.1")
                .preparer(ImagePreparer.ARCHIVE_ONLY).transport(transport).group(group).digestExecutor(digests);
    }

    /** Every agent but {@code except} (may be null) is ready with a byte-equal copy of {@code source}. */
    public void assertReadyWithCopiesOf(Path source, NodeAgent except) throws IOException {
        for (NodeAgent agent : agents) {
            if (agent == except) {
                continue;
            }
            AgentOutcome outcome = agent.ready().join();
            assertTrue(outcome.ready(), agent.nodeId() + ": " + outcome);
            // Byte-equal, not only digest-equal: the digest skips the 256-byte trailer.
            assertEquals(-1, Files.mismatch(source, agent.layout().archive()), agent.nodeId());
        }
    }

    /** A file of {@code size} pseudo-random bytes. */
    public static Path randomFile(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    @Override
    public void close() {
        coordinator.close();
        for (NodeAgent agent : agents) {
            agent.terminated().orTimeout(30, TimeUnit.SECONDS).join();
        }
        digests.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
