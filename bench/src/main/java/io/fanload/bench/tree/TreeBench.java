package io.fanload.bench.tree;

import io.fanload.server.agent.AgentConfig;
import io.fanload.server.agent.ImagePreparer;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.transport.Transport;
import io.fanload.server.tree.TreeShape;
import io.netty.channel.EventLoopGroup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * In-process tree benchmark: P agents on loopback in this JVM, sharing {@code loops} event-loop
 * threads and as many digest threads, deliver a random file of S bytes. Prints one line per run:
 * completion time (reader start to last node ready), aggregate delivered rate, and process CPU
 * per delivered byte (all of it: sendfile, receive, CRC32C, file writes, SHA-256).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.fanload.bench.tree.TreeBench \
 *        --nodes 256 --mib 16 --shape binary --chunk-kib 1024 --dir /dev/shm/fanload-bench [--runs 3]
 *   java -cp ... io.fanload.bench.tree.TreeBench --relay --mib 1024 --dir /dev/shm/fanload-bench
 * </pre>
 * {@code --relay}: a chain reader, relay, leaf where the relay has an event-loop thread of its own;
 * reports the relay's wall rate and its loop thread's CPU per byte (its digest runs elsewhere), and how
 * long the relay took to make room for the archive before the leaf joined.
 */
public final class TreeBench {

    private TreeBench() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = 256;
        long mib = 16;
        String shape = "binary";
        int chunkKib = 1024;
        int runs = 1;
        int loops = 2;
        boolean relay = false;
        Path dir = Path.of("/dev/shm/fanload-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--mib" -> mib = Long.parseLong(args[++i]);
                case "--shape" -> shape = args[++i];
                case "--chunk-kib" -> chunkKib = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--loops" -> loops = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--relay" -> relay = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path source = randomFile(dir.resolve("source.bin"), mib << 20);
        try {
            for (int r = 0; r < runs; r++) {
                if (relay) {
                    relay(source, dir, chunkKib << 10);
                } else {
                    tree(source, dir, nodes, TreeShape.parse(shape), chunkKib << 10, loops);
                }
            }
        } finally {
            Files.deleteIfExists(source);
        }
    }

    static Path randomFile(Path file, long size) throws IOException {
        Random random = new Random(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private static CoordinatorConfig config(Secret secret, Path source, int nodes, TreeShape shape, int chunk,
                                            EventLoopGroup group) throws IOException {
        return new CoordinatorConfig().secret(secret).source(source, TransferSpec.ofFile(source, Files.size(source)))
                .expectedNodes(nodes).shape(shape).chunkSize(chunk).group(group)
                .bind(new InetSocketAddress("127.0.0.1", 0));
    }

    private static AgentConfig agent(String id, Coordinator c, Secret secret, Path dir, EventLoopGroup group,
                                     ExecutorService digests) {
        return new AgentConfig().nodeId(id).coordinator(c.address()).secret(secret).localDir(dir.resolve(id))
                .advertiseHost("127.0.0.1").bindHost("127.0.0.1").preparer(ImagePreparer.ARCHIVE_ONLY)
                .group(group).digestExecutor(digests);
    }

    private static void tree(Path source, Path dir, int nodes, TreeShape shape, int chunk, int loops) throws Exception {
        Secret secret = Secret.generate();
        EventLoopGroup group = Transport.auto().newGroup(loops, "bench-tree");
        ExecutorService digests = Executors.newFixedThreadPool(loops);
        long size = Files.size(source);
        List<NodeAgent> agents = new ArrayList<>();
        try (Coordinator c = Coordinator.start(config(secret, source, nodes, shape, chunk, group))) {
            for (int i = 0; i < nodes; i++) {
                agents.add(NodeAgent.start(agent("n" + i, c, secret, dir, group, digests)));
            }
            long cpu0 = processCpuNanos();
            DistributionResult result = c.result().get(30, TimeUnit.MINUTES);
            long cpu = processCpuNanos() - cpu0;
            double delivered = (double) size * result.readyCount();
            System.out.printf("tree transport=%s nodes=%d shape=%s chunk=%dKiB size=%dMiB ready=%d time=%.2fs "
                            + "aggregate=%.0fMiB/s cpu=%.2fs cpu/byte=%.2fns%n",
                    Transport.auto(), nodes, shape, chunk >> 10, size >> 20, result.readyCount(), result.seconds(),
                    delivered / result.seconds() / (1 << 20), cpu / 1e9, cpu / delivered);
        } finally {
            for (NodeAgent a : agents) {
                a.terminated().get(60, TimeUnit.SECONDS);
            }
            digests.shutdownNow();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void relay(Path source, Path dir, int chunk) throws Exception {
        Secret secret = Secret.generate();
        EventLoopGroup others = Transport.auto().newGroup(1, "bench-ends");
        EventLoopGroup relayLoop = Transport.auto().newGroup(1, "bench-relay");
        ExecutorService digests = Executors.newFixedThreadPool(2);
        long size = Files.size(source);
        List<NodeAgent> agents = new ArrayList<>();
        // The leaf must stay on the relay to the end: on a busy machine the coordinator would otherwise
        // move it to the reader as soon as the relay looks slow, and the relay's CPU would be divided
        // by bytes it never relayed.
        try (Coordinator c = Coordinator.start(config(secret, source, 3, TreeShape.CHAIN, chunk, others)
                .leaveSlowParents(false))) {
            // Join order is the chain order: reader, relay, leaf.
            agents.add(NodeAgent.start(agent("reader", c, secret, dir, others, digests)));
            Thread.sleep(500);
            agents.add(NodeAgent.start(agent("relay", c, secret, dir, relayLoop, digests)));
            // As in a job whose gather outlasts it, the relay makes room for the archive before
            // the leaf joins and the transfer starts.
            double roomSeconds = waitForRoom(agents.get(1).layout().archive(), size);
            agents.add(NodeAgent.start(agent("leaf", c, secret, dir, others, digests)));
            Thread relayThread = threadNamed("bench-relay");
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long relayCpu0 = mx.getThreadCpuTime(relayThread.getId());
            long relayUser0 = mx.getThreadUserTime(relayThread.getId());
            DistributionResult result = c.result().get(30, TimeUnit.MINUTES);
            long relayCpu = mx.getThreadCpuTime(relayThread.getId()) - relayCpu0;
            long relayUser = mx.getThreadUserTime(relayThread.getId()) - relayUser0;
            double relaySeconds = result.nodes().get(2).readySeconds();
            System.out.printf("relay transport=%s chunk=%dKiB size=%dMiB room-made=%.2fs leaf-ready=%.2fs wall-rate=%.0fMiB/s "
                            + "relay-loop-cpu=%.2fs (user %.2fs, kernel %.2fs) relay-rate-per-core=%.0fMiB/s reparents=%d%n",
                    Transport.auto(), chunk >> 10, size >> 20, roomSeconds, relaySeconds, size / relaySeconds / (1 << 20),
                    relayCpu / 1e9, relayUser / 1e9, (relayCpu - relayUser) / 1e9, size / (relayCpu / 1e9) / (1 << 20),
                    result.nodes().stream().mapToInt(DistributionResult.NodeReport::reparents).sum());
        } finally {
            for (NodeAgent a : agents) {
                a.terminated().get(60, TimeUnit.SECONDS);
            }
            digests.shutdownNow();
            others.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            relayLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Seconds until {@code file} has {@code size} bytes (an agent's room made), at most 60 s; -1 if never. */
    private static double waitForRoom(Path file, long size) throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            if (Files.exists(file) && Files.size(file) == size) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    private static Thread threadNamed(String prefix) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(prefix)) {
                    return t;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no thread " + prefix);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
