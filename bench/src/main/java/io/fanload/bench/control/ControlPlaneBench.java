package io.fanload.bench.control;

import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control plane at scale (issue 19, item 4): a real {@link Coordinator} in this JVM, with the
 * real secret and handshake, and N simulated agents ({@link SimAgent}) in a few agent JVMs that all
 * connect at the same instant (the rendezvous storm). Measures how long until every agent is
 * authenticated, registered and placed, the coordinator's CPU and memory, then lets 1 % of the nodes
 * die mid-transfer and checks that the coordinator re-parents every orphan ({@link Replacement}).
 * What is simulated: the data plane (no archive bytes move; an agent "receives" for
 * {@code --transfer-ms} of placed time) and the node (all agents are on loopback, a few JVMs).
 * <pre>
 *   java -Xmx1g -cp bench/target/benchmarks.jar io.fanload.bench.control.ControlPlaneBench \
 *        --agents 10000 --jvms 4 [--loops 1] [--transfer-ms 4000] [--lost-percent 1] [--runs 1]
 *        [--agent-cpus 1] [--out bench/results/control-plane.tsv]
 * </pre>
 * {@code --agent-cpus}: run the agent JVMs under {@code taskset -c LIST}; with this JVM under
 * {@code taskset -c} the other CPUs, the coordinator has cores of its own, as on a batch host (the
 * agents' side of the handshakes is as much work as the coordinator's, and on a real machine it is
 * spread over the nodes). Exit status 1 when a run went wrong (an agent not placed, an orphan not re-parented).
 */
public final class ControlPlaneBench {

    private ControlPlaneBench() {
    }

    /** One run's settings. */
    record Settings(int agents, int jvms, int loops, long transferMillis, LostNodes lost, String agentCpus) {
    }

    public static void main(String[] args) throws Exception {
        int agents = 1000;
        int jvms = 4;
        int loops = 1;
        long transferMillis = 4000;
        int lostPercent = 1;
        int runs = 1;
        Path out = null;
        String agentCpus = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--jvms" -> jvms = Integer.parseInt(args[++i]);
                case "--loops" -> loops = Integer.parseInt(args[++i]);
                case "--transfer-ms" -> transferMillis = Long.parseLong(args[++i]);
                case "--lost-percent" -> lostPercent = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--agent-cpus" -> agentCpus = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Settings settings = new Settings(agents, jvms, loops, transferMillis, new LostNodes(lostPercent), agentCpus);
        boolean ok = true;
        for (int r = 0; r < runs; r++) {
            ControlPlaneRow row = run(settings);
            System.out.println(row.summary());
            if (out != null) {
                row.append(out);
            }
            ok &= row.replacement().ok();
        }
        System.exit(ok ? 0 : 1);
    }

    static ControlPlaneRow run(Settings s) throws Exception {
        Path dir = Files.createTempDirectory("fanload-control-plane");
        Path secretFile = dir.resolve("secret");
        Secret secret = Secret.generate();
        secret.writeFile(secretFile);
        // A small archive: placement needs its size and digest only; no byte of it moves.
        Path source = dir.resolve("archive.bin");
        Files.write(source, new byte[1 << 20]);
        TransferSpec spec = TransferSpec.ofFile(source, 1 << 20);
        ProcessMeter base = ProcessMeter.now(true);
        List<AgentRecord> records = new ArrayList<>();
        Coordinator c = Coordinator.start(new CoordinatorConfig().secret(secret).source(source, spec)
                .expectedNodes(s.agents()).bind(new InetSocketAddress("127.0.0.1", 0))
                // An agent that never connects must not hold the result for the default 120 s.
                .registrationTimeout(Duration.ofSeconds(30)));
        boolean closed = false;
        try (AgentJvms jvms = new AgentJvms(s.jvms(), s.agents(), c.address(), secretFile, s.lost(), s.transferMillis(),
                     s.loops(), s.agentCpus())) {
            jvms.await("warm", 60_000, records);
            ProcessMeter before = ProcessMeter.now(true);
            TcpCounters tcp = TcpCounters.now();
            long go = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            jvms.tell("go " + go);
            jvms.await("placed", 180_000, records);
            TcpCounters storm = TcpCounters.now().since(tcp);
            ProcessMeter placed = ProcessMeter.now(false);
            ProcessMeter placedLive = ProcessMeter.now(true);
            jvms.tell("transfer");
            if (s.lost().percent() > 0) {
                TimeUnit.MILLISECONDS.sleep(s.transferMillis() / 2); // mid-transfer
                jvms.tell("kill");
            }
            DistributionResult result = c.result().get(s.transferMillis() + 120_000, TimeUnit.MILLISECONDS);
            double resultSeconds = (System.nanoTime() - go) / 1e9;
            ProcessMeter end = ProcessMeter.now(false);
            c.close();
            closed = true;
            jvms.tell("end");
            jvms.await("done", 60_000, records);
            return new ControlPlaneRow(s, base, before, placed, placedLive, end, storm, records, resultSeconds,
                    Replacement.check(result, records, s.lost()));
        } finally {
            if (!closed) {
                c.close();
            }
            Files.deleteIfExists(secretFile);
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
    }
}
