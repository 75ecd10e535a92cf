package io.fanload.server.tree;

import io.fanload.server.agent.NodeAgent;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.AuthWaiter;
import io.fanload.server.transport.Pipelines;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, item 5: hundreds of hostile connections to a real agent's data port and to the
 * coordinator's port, over real sockets, while the archive is on its way to the agent's real
 * children. The tree completes with verified bytes, the agent stays up and takes a genuine peer
 * afterwards, every hostile connection is closed within the handshake timeout, memory stays bounded.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostilePeersTest {

    /** A binary tree: position 1 (the victim) serves positions 3 and 4. */
    static final int NODES = 7;
    static final int VICTIM = 1;
    static final Set<Integer> CHILDREN = Set.of(3, 4);
    static final long SIZE = (32L << 20) + 777;
    /** 512 chunks: the reader, slowed to {@link #THROTTLE_MILLIS} a chunk until the flood is open, takes 10 s at least. */
    static final int CHUNK = 64 << 10;
    static final long THROTTLE_MILLIS = 20;
    static final int HOSTILE = 500;
    /** Short, so that connections left waiting are closed within the test (30 s in production). */
    static final Duration HANDSHAKE = Duration.ofSeconds(2);
    /**
     * How far the allocator's use may rise over the flood. The first connections of the flood are
     * {@link HostileFlood.Kind#HUGE_LENGTH} peers, as many as an agent lets wait, each sending
     * {@link HostileFlood#JUNK}: an agent that gathered them would hold 64 x 2 MiB per port (measured
     * with the length check taken out of FrameDecoder: a rise of 424 MiB). The tree's own read
     * buffers, pooled per event loop, raised it by 0 to 28 MiB in the runs measured here (JDK 17, 25).
     */
    static final long MEMORY_BOUND = 64L << 20;

    @TempDir
    Path tmp;

    @Test
    void hundredsOfHostileConnectionsLeaveTheAgentAndItsChildrenUnharmed() throws Exception {
        Path source = LoopbackTree.randomFile(tmp.resolve("archive.bin"), SIZE, 5);
        // On one machine the flood's CPU slows every agent, and the coordinator would move the
        // victim's children off it (FaultTest covers slow parents): here only connections count.
        CoordinatorConfig config = LoopbackTree.config(source, NODES, TreeShape.BINARY, CHUNK).handshakeTimeout(HANDSHAKE)
                .leaveSlowParents(false);
        CountDownLatch childrenStreaming = new CountDownLatch(CHILDREN.size());
        CountDownLatch flooded = new CountDownLatch(1);
        Set<Integer> streaming = ConcurrentHashMap.newKeySet();
        // Until the flood is open the reader sleeps between chunks (on its own loop: its children
        // still get every chunk at once), so that the flood meets the archive in flight to the
        // victim's children.
        BiConsumer<NodeAgent, Long> hook = (agent, offset) -> {
            if (agent.position() == 0 && flooded.getCount() > 0) {
                sleep(THROTTLE_MILLIS);
            } else if (CHILDREN.contains(agent.position()) && streaming.add(agent.position())) {
                childrenStreaming.countDown();
            }
        };
        try (LeakWatch leaks = new LeakWatch()) {
            try (LoopbackTree tree = new LoopbackTree(Files.createDirectories(tmp.resolve("nodes")), source, config)) {
                for (int i = 0; i < NODES; i++) {
                    // Each agent on a loop of its own: the reader's pauses slow nobody else.
                    tree.startAgent(i, hook, c -> c.handshakeTimeout(HANDSHAKE).group(null));
                }
                try {
                    childrenStreaming.await();
                    flood(tree);
                } finally {
                    flooded.countDown();
                }
                DistributionResult result = tree.coordinator.result().join();
                assertTrue(result.allReady(), result::toString);
                tree.assertReadyWithCopiesOf(source, null);
                assertEquals(0, result.nodes().stream().mapToInt(DistributionResult.NodeReport::reparents).sum(),
                        "no real node lost its parent to the flood: " + result);
            }
            leaks.assertNoLeak();
        }
    }

    private void flood(LoopbackTree tree) throws Exception {
        NodeAgent victim = at(tree, VICTIM);
        MemoryPeak memory = new MemoryPeak();
        try (HostileFlood agentPort = new HostileFlood(victim.dataAddress(), Message.Role.CHILD_TO_PARENT);
             HostileFlood coordinatorPort = new HostileFlood(tree.coordinator.address(), Message.Role.AGENT_TO_COORDINATOR)) {
            HostileFlood.Kind[] kinds = HostileFlood.Kind.values();
            for (int i = 0; i < HOSTILE; i++) {
                HostileFlood.Kind kind = i < Pipelines.Admission.AGENT_PENDING ? HostileFlood.Kind.HUGE_LENGTH
                        : kinds[i % kinds.length];
                agentPort.open(kind);
                coordinatorPort.open(kind);
            }
            for (int child : CHILDREN) {
                assertFalse(at(tree, child).ready().isDone(), "precondition: the flood was open before the victim's "
                        + "children had the archive (the reader takes " + SIZE / CHUNK * THROTTLE_MILLIS + " ms)");
            }
            long deadline = System.nanoTime() + HANDSHAKE.toNanos() + TimeUnit.SECONDS.toNanos(5);
            assertEquals(0, agentPort.stillOpenAt(deadline), "hostile connections to the agent still open");
            assertEquals(0, coordinatorPort.stillOpenAt(deadline), "hostile connections to the coordinator still open");
        }
        long rise = memory.stop();
        System.out.printf("hostile peers: 2 x %d connections; allocator use rose by at most %.1f MiB%n",
                HOSTILE, rise / 1048576.0);
        assertTrue(rise <= MEMORY_BOUND, "allocator use rose by " + rise + " bytes during the flood");
        // Up, and the places of the hostile connections are free again: a genuine peer gets in.
        assertFalse(victim.terminated().isDone(), "the victim is still running");
        assertAuthenticates(tree, victim.dataAddress(), Message.Role.CHILD_TO_PARENT);
        assertAuthenticates(tree, tree.coordinator.address(), Message.Role.AGENT_TO_COORDINATOR);
    }

    private static void assertAuthenticates(LoopbackTree tree, InetSocketAddress to, Message.Role role) throws Exception {
        AuthWaiter waiter = new AuthWaiter();
        Channel ch = Pipelines.connect(tree.transport, tree.group, to, new Pipelines.Spec(tree.secret, role, CHUNK, 0),
                "late-peer", waiter).sync().channel();
        try {
            assertEquals("late-peer", waiter.authenticated.get(10, TimeUnit.SECONDS));
        } finally {
            ch.close().sync();
        }
    }

    private static NodeAgent at(LoopbackTree tree, int position) {
        return tree.agents.stream().filter(a -> a.position() == position).findFirst().orElseThrow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The highest use of Netty's default allocator (every channel here allocates from it) over its
     * use at the start, sampled every millisecond on a thread of its own.
     */
    static final class MemoryPeak {
        private final ByteBufAllocatorMetric metric =
                assertInstanceOf(ByteBufAllocatorMetricProvider.class, ByteBufAllocator.DEFAULT).metric();
        private final long start = used();
        private volatile long peak = start;
        private volatile boolean running = true;
        private final Thread sampler = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, used());
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-peak");

        MemoryPeak() {
            sampler.setDaemon(true);
            sampler.start();
        }

        private long used() {
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }

        /** Stops sampling; the largest rise seen. */
        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak - start;
        }
    }
}
