package io.fanload.server.tree;

import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults at exact points of a transfer (the hook runs on the agent's loop between two chunks), so
 * every run exercises the same case: a lost interior node, a lost reader, corrupt chunks, a
 * truncated archive, an agent without the secret.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FaultTest {

    static final int NODES = 16;
    static final long SIZE = (16L << 20) + 4321;
    static final int CHUNK = 256 << 10;

    @TempDir
    Path tmp;

    private Path source() throws IOException {
        return LoopbackTree.randomFile(tmp.resolve("archive.bin"), SIZE, 16);
    }

    private LoopbackTree tree(Path source, CoordinatorConfig config) throws IOException {
        return new LoopbackTree(Files.createDirectories(tmp.resolve("nodes")), source, config);
    }

    /** Runs NODES agents; {@code hook} sees every agent's progress. Returns the result. */
    private static DistributionResult run(LoopbackTree tree, BiConsumer<NodeAgent, Long> hook) throws IOException {
        for (int i = 0; i < NODES; i++) {
            tree.startAgent(i, hook);
        }
        return tree.coordinator.result().join();
    }

    private static Map<String, DistributionResult.NodeReport> byId(DistributionResult r) {
        return r.nodes().stream().collect(Collectors.toMap(DistributionResult.NodeReport::nodeId, n -> n));
    }

    /**
     * When the agent at {@code watched} holds half the archive, kills the agent {@code pick} names
     * (once); the victim is left in {@code victim[0]}.
     */
    private static BiConsumer<NodeAgent, Long> killWhenHalfAt(int watched, Function<NodeAgent, NodeAgent> pick,
                                                              AtomicBoolean killed, NodeAgent[] victim) {
        return (agent, offset) -> {
            if (agent.position() == watched && offset >= SIZE / 2 && killed.compareAndSet(false, true)) {
                victim[0] = pick.apply(agent);
                victim[0].kill();
            }
        };
    }

    @Test
    void interiorNodeKilledMidTransferEveryOtherNodeCompletes() throws Exception {
        Path source = source();
        AtomicBoolean killed = new AtomicBoolean();
        NodeAgent[] victim = new NodeAgent[1];
        try (LoopbackTree tree = tree(source, LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK))) {
            DistributionResult result = run(tree, killWhenHalfAt(1, agent -> agent, killed, victim));
            assertTrue(killed.get());
            assertEquals(NODES - 1, result.readyCount(), result.toString());
            DistributionResult.NodeReport lost = byId(result).get(victim[0].nodeId());
            assertEquals(DistributionResult.Status.LOST, lost.status());
            // Position 1's children (3 and 4) were re-parented and resumed.
            assertTrue(result.nodes().stream().filter(n -> n.position() == 3 || n.position() == 4)
                    .allMatch(n -> n.reparents() >= 1), result.toString());
            tree.assertReadyWithCopiesOf(source, victim[0]);
        }
    }

    @Test
    void readerKilledMidTransferAnotherNodeRereadsAndEveryOtherNodeCompletes() throws Exception {
        Path source = source();
        AtomicBoolean killed = new AtomicBoolean();
        NodeAgent[] victim = new NodeAgent[1];
        try (LoopbackTree tree = tree(source, LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK))) {
            // Kill the reader once it has read half the archive, from its own event loop (kill() there
            // stops it at once): its children cannot hold more than it read, so the orphans must resume
            // from their offsets, one of them reading the rest from the shared file system. (Killing it
            // from a child's progress raced with the bytes already in flight: the child could finish.)
            // The reader is placed at its join and would read all 16 MiB before the others have their
            // places: it holds its first chunk until every agent is placed (each agent has a loop of its
            // own, so the wait stops only the reader), and so dies with its children attached.
            List<NodeAgent> started = new CopyOnWriteArrayList<>();
            BiConsumer<NodeAgent, Long> kill = killWhenHalfAt(0, agent -> agent, killed, victim);
            BiConsumer<NodeAgent, Long> hook = (agent, offset) -> {
                if (agent.position() == 0) {
                    awaitEveryonePlaced(started);
                }
                kill.accept(agent, offset);
            };
            for (int i = 0; i < NODES; i++) {
                started.add(tree.startAgent(i, hook, c -> c.group(null)));
            }
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(killed.get());
            assertEquals(DistributionResult.Status.LOST, byId(result).get(victim[0].nodeId()).status(), result.toString());
            // Position 1 held at most half the archive when its parent died: it must have moved and resumed.
            assertTrue(result.nodes().stream().filter(n -> n.position() == 1)
                    .allMatch(n -> n.reparents() >= 1), result.toString());
            tree.assertReadyWithCopiesOf(source, victim[0]);
        }
    }

    private static void awaitEveryonePlaced(List<NodeAgent> started) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (started.size() < NODES || started.stream().anyMatch(a -> a.position() < 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not every agent was placed within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void stalledInteriorNodeIsLeftBehindByItsChildren() throws Exception {
        Path source = source();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stalled = new AtomicBoolean();
        NodeAgent[] victim = new NodeAgent[1];
        CoordinatorConfig config = LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK)
                .stallTimeout(Duration.ofSeconds(1)).agentSilence(Duration.ofSeconds(5));
        // Position 1 hangs (its event loop blocks, as under SIGSTOP) holding half the archive: no
        // data, no keepalive, no heartbeat. Its children must give up on it after the stall timeout.
        BiConsumer<NodeAgent, Long> hang = (agent, offset) -> {
            if (agent.position() == 1 && offset >= SIZE / 2 && stalled.compareAndSet(false, true)) {
                victim[0] = agent;
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (LoopbackTree tree = tree(source, config)) {
            for (int i = 0; i < NODES; i++) {
                // Each agent on an event loop of its own, so that the hang stops only the victim.
                tree.startAgent(i, hang, c -> c.group(null));
            }
            DistributionResult result = tree.coordinator.result().join();
            release.countDown();
            assertTrue(stalled.get());
            assertEquals(DistributionResult.Status.LOST, byId(result).get(victim[0].nodeId()).status(), result.toString());
            assertTrue(result.nodes().stream().filter(n -> n.position() == 3 || n.position() == 4)
                    .allMatch(n -> n.reparents() >= 1), result.toString());
            assertEquals(NODES - 1, result.readyCount(), result.toString());
            tree.assertReadyWithCopiesOf(source, victim[0]);
        } finally {
            release.countDown();
        }
    }

    /**
     * The node at {@code position} sleeps {@code millis} after every chunk: alive, sending
     * keepalives, never stalled, just slow (as behind a throttled link). Run each agent on an
     * event loop of its own so the sleep slows only that node.
     */
    private static BiConsumer<NodeAgent, Long> slowAt(int position, long millis) {
        return (agent, offset) -> {
            if (agent.position() == position) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private static Map<Integer, DistributionResult.NodeReport> byPosition(DistributionResult r) {
        return r.nodes().stream().collect(Collectors.toMap(DistributionResult.NodeReport::position, n -> n));
    }

    private DistributionResult runChainWithSlowNode(Path source, int slowPosition) throws IOException {
        try (LoopbackTree tree = tree(source, LoopbackTree.config(source, 4, TreeShape.CHAIN, CHUNK))) {
            for (int i = 0; i < 4; i++) {
                tree.startAgent(i, slowAt(slowPosition, 150), c -> c.group(null));
            }
            DistributionResult result = tree.coordinator.result().join();
            tree.assertReadyWithCopiesOf(source, null);
            return result;
        }
    }

    @Test
    void childOfASlowInteriorNodeMovesAndTheRestOfTheChainFollowsIt() throws Exception {
        // 64 chunks x 150 ms: the slow node needs at least 9.6 s; its child, a chain's node 2, must
        // not crawl along (the stall timeout never fires: the slow node keeps sending).
        DistributionResult result = runChainWithSlowNode(source(), 1);
        Map<Integer, DistributionResult.NodeReport> at = byPosition(result);
        assertEquals(4, result.readyCount(), result.toString());
        assertEquals(1, at.get(2).slowMoves(), "node 2 left its slow parent: " + result);
        assertEquals(0, at.get(3).slowMoves() + at.get(3).reparents(), "node 3 kept its parent, node 2, which got fast: " + result);
        assertTrue(at.get(3).readySeconds() < at.get(1).readySeconds(), "the end of the chain did not wait: " + result);
    }

    @Test
    void aSlowLeafMovesNobody() throws Exception {
        // A slow node at the end of the chain is slow on its own: nothing faster to move anyone to.
        DistributionResult result = runChainWithSlowNode(source(), 3);
        assertEquals(4, result.readyCount(), result.toString());
        assertTrue(result.nodes().stream().allMatch(n -> n.reparents() + n.slowMoves() == 0), result.toString());
    }

    @Test
    void corruptBytesAtAParentAreCaughtByChunkChecksAndTheDigest() throws Exception {
        Path source = source();
        AtomicBoolean corrupted = new AtomicBoolean();
        NodeAgent[] victim = new NodeAgent[1];
        // When position 1 has just committed its 8th chunk, flip a byte of it on disk, before the
        // chunk is forwarded and before it is hashed: its children must catch it by CRC32C and
        // move to another parent; position 1 itself must fail its digest and fall back.
        BiConsumer<NodeAgent, Long> corrupt = (agent, offset) -> {
            if (agent.position() == 1 && offset == 8L * CHUNK && corrupted.compareAndSet(false, true)) {
                victim[0] = agent;
                try (FileChannel f = FileChannel.open(agent.layout().archive(), StandardOpenOption.WRITE)) {
                    f.write(ByteBuffer.wrap(new byte[] {0x55, 0x66}), offset - 1000);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        try (LoopbackTree tree = tree(source, LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK))) {
            DistributionResult result = run(tree, corrupt);
            assertTrue(corrupted.get());
            DistributionResult.NodeReport bad = byId(result).get(victim[0].nodeId());
            assertEquals(DistributionResult.Status.FALLBACK, bad.status(), result.toString());
            assertTrue(bad.detail().contains("SHA-256"), bad.detail());
            assertFalse(victim[0].ready().join().ready());
            assertEquals(NODES - 1, result.readyCount(), result.toString());
            tree.assertReadyWithCopiesOf(source, victim[0]);
        }
    }

    @Test
    void truncatedArchiveMakesEveryNodeFallBackWithinBoundedTime() throws Exception {
        Path source = source();
        CoordinatorConfig config = LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK)
                .stallTimeout(Duration.ofSeconds(2)).giveUp(Duration.ofSeconds(20));
        try (FileChannel f = FileChannel.open(source, StandardOpenOption.WRITE)) {
            f.truncate(SIZE / 3); // after the coordinator took its size and digest
        }
        try (LoopbackTree tree = tree(source, config)) {
            DistributionResult result = run(tree, (a, o) -> { });
            assertEquals(0, result.readyCount(), result.toString());
            // Two readers failed, then the coordinator told everyone else to fall back (a third
            // orphan may have started reading while the second failure was on its way).
            long readers = result.nodes().stream().filter(n -> n.detail().startsWith("fell back: cannot read")).count();
            assertTrue(readers >= 2 && readers <= 3, result.toString());
            for (NodeAgent agent : tree.agents) {
                AgentOutcome outcome = agent.ready().join();
                assertFalse(outcome.ready());
                assertTrue(outcome.reason().contains("archive"), outcome.reason());
            }
        }
    }

    @Test
    void agentWithoutTheSecretIsRefusedAndFallsBack() throws Exception {
        Path source = source();
        try (LoopbackTree tree = tree(source, LoopbackTree.config(source, 2, TreeShape.BINARY, CHUNK))) {
            NodeAgent stranger = NodeAgent.start(tree.agentConfig(99).secret(Secret.generate()));
            tree.startAgent(0);
            tree.startAgent(1);
            DistributionResult result = tree.coordinator.result().join();
            assertTrue(result.allReady(), result.toString());
            AgentOutcome outcome = stranger.ready().join();
            assertFalse(outcome.ready());
            stranger.terminated().join();
        }
    }
}
