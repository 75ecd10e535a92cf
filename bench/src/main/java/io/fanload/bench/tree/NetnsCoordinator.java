package io.fanload.bench.tree;

import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.tree.ChunkSizing;
import io.fanload.server.tree.TreeShape;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator side of bench/scripts/tree-netns.sh: writes a fresh secret (0600) and, once
 * listening, its port; waits for every agent (they are separate JVMs in network namespaces),
 * lets the distribution run, prints one result line with the lower bound
 * {@code S/B + ceil(log2 P) * latency}, and ends the step.
 *
 * <pre>
 *   NetnsCoordinator SOURCE NODES SHAPE CHUNK_KIB BIND_HOST SECRET_FILE PORT_FILE LINK_MBIT LATENCY_US [START_FILE]
 * </pre>
 *
 * START_FILE, when given, holds the wall-clock time (seconds since the epoch) at which the script
 * started the first agent; the line then ends with {@code from-start}: from there to the last node
 * ready, so JVM start-up and joining are in it — what a job waits for.
 */
public final class NetnsCoordinator {

    private NetnsCoordinator() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int nodes = Integer.parseInt(args[1]);
        TreeShape shape = TreeShape.parse(args[2]);
        // "auto": the default chunk for this tree (ChunkSizing), as launch uses it
        int chunk = args[3].equals("auto") ? ChunkSizing.forTree(shape, nodes, Files.size(source))
                : Integer.parseInt(args[3]) << 10;
        String bind = args[4];
        Path secretFile = Path.of(args[5]);
        Path portFile = Path.of(args[6]);
        double linkBytesPerSecond = Double.parseDouble(args[7]) * 1e6 / 8;
        double latencySeconds = Double.parseDouble(args[8]) / 1e6;

        Secret secret = Secret.generate();
        secret.writeFile(secretFile);
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(source, TransferSpec.ofFile(source, Files.size(source)))
                .expectedNodes(nodes).shape(shape).chunkSize(chunk)
                .bind(new InetSocketAddress(bind, 0))
                .gatherWindow(Duration.ofSeconds(30)).registrationTimeout(Duration.ofMinutes(3));
        try (Coordinator c = Coordinator.start(config)) {
            Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
            Files.writeString(tmp, Integer.toString(c.address().getPort()));
            Files.move(tmp, portFile);
            DistributionResult r = c.result().get(10, TimeUnit.MINUTES);
            double doneEpochSeconds = System.currentTimeMillis() / 1e3;
            long size = Files.size(source);
            double bound = size / linkBytesPerSecond + Math.ceil(Math.log(nodes) / Math.log(2)) * latencySeconds;
            int reparents = r.nodes().stream().mapToInt(DistributionResult.NodeReport::reparents).sum();
            System.out.printf("netns nodes=%d shape=%s chunk=%dKiB size=%dMiB ready=%d time=%.3fs bound=%.3fs ratio=%.2f"
                            + " reparents=%d%s%n",
                    nodes, shape, chunk >> 10, size >> 20, r.readyCount(), r.seconds(), bound, r.seconds() / bound,
                    reparents, fromStart(args, doneEpochSeconds));
            if (!r.allReady()) {
                for (DistributionResult.NodeReport n : r.nodes()) {
                    if (n.status() != DistributionResult.Status.READY) {
                        System.out.println("  " + n.nodeId() + " " + n.status() + " " + n.detail());
                    }
                }
            }
        }
    }

    private static String fromStart(String[] args, double doneEpochSeconds) throws java.io.IOException {
        if (args.length < 10) {
            return "";
        }
        double started = Double.parseDouble(Files.readString(Path.of(args[9])).trim());
        return String.format(" from-start=%.3fs", doneEpochSeconds - started);
    }
}
