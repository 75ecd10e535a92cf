package io.fanload.bench.tree;

import io.fanload.server.agent.AgentMain;
import io.fanload.server.agent.ImagePreparer;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.tree.TreeShape;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code fanload-agent} with a warm JIT: first moves {@code WARM_MIB} (default 128) MiB through a
 * private three-agent chain on loopback inside this JVM, twice, then runs {@link AgentMain} with
 * the given arguments. bench/scripts/tree-netns.sh {@code --warm} uses it to separate the
 * protocol's cost from JVM start-up (class loading, interpreter, JIT), which a cold agent pays
 * inside the measured distribution time.
 */
public final class WarmAgentMain {

    private WarmAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        long mib = Long.parseLong(System.getenv().getOrDefault("WARM_MIB", "128"));
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "fltree-warm");
        try {
            Path source = TreeBench.randomFile(dir.resolve("source.bin"), mib << 20);
            for (int round = 0; round < 2; round++) {
                warm(source, dir);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        AgentMain.main(args);
    }

    private static void warm(Path source, Path dir) throws Exception {
        Secret secret = Secret.generate();
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(source, TransferSpec.ofFile(source, Files.size(source))).expectedNodes(3)
                .shape(TreeShape.CHAIN).bind(new InetSocketAddress("127.0.0.1", 0));
        List<NodeAgent> agents = new ArrayList<>();
        try (Coordinator c = Coordinator.start(config)) {
            for (int i = 0; i < 3; i++) {
                agents.add(NodeAgent.start(new io.fanload.server.agent.AgentConfig().nodeId("warm" + i)
                        .coordinator(c.address()).secret(secret).localDir(dir.resolve("w" + i))
                        .advertiseHost("127.0.0.1").bindHost("127.0.0.1").preparer(ImagePreparer.ARCHIVE_ONLY)));
            }
            c.result().get(5, TimeUnit.MINUTES);
        }
        for (NodeAgent a : agents) {
            a.terminated().get(1, TimeUnit.MINUTES);
        }
    }
}
