package io.fanload.server.agent;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Errors;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code fanload-agent}: runs one node agent in its own process until the job step ends. The
 * secret comes from {@value Secret#ENV_SECRET} or {@value Secret#ENV_SECRET_FILE}, never from the
 * command line; the coordinator's address from {@code --coordinator} or {@value #ENV_COORDINATOR}.
 * Exit status: 0 node ready, {@value #EXIT_FALLBACK} node fell back (its ranks load the normal way),
 * 2 usage error, 1 could not start.
 */
public final class AgentMain {

    public static final String ENV_COORDINATOR = "FANLOAD_COORDINATOR";

    /**
     * The options of the agent JVM that launch starts on every node (bench/scripts/tree-netns.sh
     * uses the same). The agent is a short-lived I/O helper whose hot loops run in the kernel
     * (recv, write, sendfile) and in SHA-256, so its start-up and JIT are most of its CPU, and they
     * land on the node's cores just when its ranks start (docs/perf/tree.md, "Agent JVM options"):
     * <ul>
     * <li>the serial collector: one small heap, no GC threads;</li>
     * <li>{@code -Dio.netty.jfr.enabled=false}: Netty 4.2's buffer allocators register JFR events,
     * and the first allocation then starts the JDK's JFR metadata (~100 classes, +100 ms of CPU per
     * JVM on JDK 17 and 25);</li>
     * <li>compile thresholds ×10: four cold agents on a 2-core test node spent 2.4 s of their 6.2 s
     * of CPU in the JIT, mostly on start-up code that never runs again; ×10 cut that to 0.5 s;</li>
     * <li>except SHA-256 (×0.05): its C2 code with SHA-NI hashes at 1.6 GB/s where C1 manages
     * ~100 MB/s, below one 1 Gbit/s link, so it must reach C2 early (C1 alone,
     * {@code -XX:TieredStopAtLevel=1}, was 2.6–3.4× slower);</li>
     * <li>{@code --enable-native-access=ALL-UNNAMED}: Netty's epoll library loads through
     * System.loadLibrary, which JDK 24+ warns about in the agent's log (JDK 17 accepts it silently).</li>
     * </ul>
     */
    public static final java.util.List<String> JVM_OPTIONS = java.util.List.of("-Xmx512m", "-XX:+UseSerialGC",
            "-Dio.netty.jfr.enabled=false", "-XX:CompileThresholdScaling=10", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::*,0.05",
            "-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::*,0.05",
            "--enable-native-access=ALL-UNNAMED");
    public static final int EXIT_FALLBACK = 3;

    /** How long an orphaned agent waits for the node's ranks to register before it trusts the list. */
    private static final java.time.Duration RANK_GRACE = java.time.Duration.ofSeconds(5);

    private final Map<String, String> env;

    private final AgentOptions options;

    private AgentMain(Map<String, String> env, AgentOptions options) {
        this.env = env;
        this.options = options;
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs the agent with the given environment and streams (tests, the launcher's training) and
     * returns its exit status. Errors are one line on {@code err}: usage errors exit 2, a start that
     * failed 1, as for launch and fanload-cache.
     */
    public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
            if (options.help) {
                out.print(AgentOptions.USAGE);
                out.flush();
                return 0;
            }
            return new AgentMain(env, options).call(err);
        } catch (AgentOptions.UsageException e) {
            err.println("fanload-agent: " + e.getMessage() + " (see --help)");
            return 2;
        } catch (Exception e) {
            err.println("fanload-agent: " + Errors.oneLine(e));
            return 1;
        }
    }

    /**
     * This node's name: the kernel's host name, which no launcher can forward from another node
     * (MPICH's Hydra passes the batch host's whole environment, SLURMD_NODENAME included, to every
     * rank); else Slurm's name for the node; else the resolver's.
     */
    static String nodeName(Map<String, String> env) throws java.io.IOException {
        try {
            String kernel = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (java.io.IOException e) {
            // not Linux: ask Slurm, then the resolver
        }
        return env.getOrDefault("SLURMD_NODENAME", InetAddress.getLocalHost().getHostName());
    }

    private int call(PrintWriter err) throws Exception {
        String target = options.coordinator != null ? options.coordinator : env.get(ENV_COORDINATOR);
        if (target == null) {
            throw new AgentOptions.UsageException("no coordinator: pass --coordinator HOST:PORT or set " + ENV_COORDINATOR);
        }
        for (Path file : options.withFiles) {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new AgentOptions.UsageException("--with-file " + file + " is not a file");
            }
        }
        InetSocketAddress coordinatorAddress = parseAddress(target);
        String node = options.nodeId != null ? options.nodeId : nodeName(env);
        AtomicReference<RankCollector> collecting = new AtomicReference<>();
        AgentConfig config = new AgentConfig()
                .nodeId(node)
                .coordinator(coordinatorAddress)
                .secret(Secret.fromEnvironment(env))
                .localDir(options.localDir != null ? options.localDir : NodeDirectory.defaultFor(options.job, options.step))
                .advertiseHost(options.advertise != null ? options.advertise : addressTowards(coordinatorAddress))
                .bindHost(options.bind)
                .dataPort(options.dataPort)
                .keepLocalDir(options.keep)
                .keepWhenOrphaned(options.verdictDir != null)
                .preparer(options.archiveOnly ? ImagePreparer.ARCHIVE_ONLY : ImagePreparer.nodeImageWith(options.withFiles))
                .beforeLeaving(() -> {
                    // the step ended cleanly: launch returns once this agent's link closes
                    closeCollector(collecting);
                    removeVerdictDir();
                });
        NodeAgent agent = NodeAgent.start(config);
        // SIGTERM (the launcher's step cleanup) must still remove the node's folders.
        Thread stop = new Thread(() -> {
            closeCollector(collecting);
            agent.close();
            if (agent.endedOrphaned() && !options.keep) {
                // the step is being ended (its ranks with it) while an orphaned agent waited for them
                try {
                    NodeDirectory.remove(config.localDir());
                } catch (java.io.IOException e) {
                    // best effort at exit
                }
            }
            removeVerdictDir();
        }, "fanload-agent-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        // Under launch's bootstrap the node's ranks leave their counters with this agent, not on the shared file system.
        RankCollector collector = options.verdictDir == null ? null : RankCollector.start(options.verdictDir, agent::reportRanks);
        collecting.set(collector);
        AgentOutcome outcome = agent.ready().join();
        if (!outcome.ready()) {
            writeVerdict(outcome.reason(), err);
        }
        agent.terminated().join();
        if (agent.endedOrphaned() && !options.keep) {
            // No coordinator will say when the step ends: the folder goes once the node's ranks are done
            // (or, should the step's end kill this agent first, the last rank removes it: ORPHANED).
            java.nio.file.Files.writeString(options.verdictDir.resolve("ORPHANED"), "");
            RankWatch.awaitRanks(options.verdictDir.resolve(RankWatch.FOLDER), RANK_GRACE);
            NodeDirectory.remove(config.localDir());
        }
        if (collector != null) {
            collector.close();
        }
        if (outcome.ready()) {
            err.printf("fanload-agent %s: ready, %d bytes in %.2f s (%s)%n", config.nodeId(), outcome.bytes(),
                    outcome.seconds(), outcome.timeline());
            return 0;
        }
        err.printf("fanload-agent %s: fell back: %s%n", config.nodeId(), outcome.reason());
        return EXIT_FALLBACK;
    }

    private void writeVerdict(String reason, PrintWriter err) {
        if (options.verdictDir == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(options.verdictDir);
            Path temp = options.verdictDir.resolve("FALLBACK.tmp");
            java.nio.file.Files.writeString(temp, reason + "\n");
            java.nio.file.Files.move(temp, options.verdictDir.resolve("FALLBACK"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            err.println("fanload-agent: cannot write the fallback verdict: " + Errors.oneLine(e));
        }
    }

    private static void closeCollector(AtomicReference<RankCollector> collecting) {
        RankCollector running = collecting.get();
        if (running != null) {
            running.close(); // before the verdict folder goes: it writes sent/ there
        }
    }

    /** The verdict folder (with the agent's log, unless FANLOAD_KEEP_AGENT_LOG is set) goes at the end. */
    private void removeVerdictDir() {
        if (options.verdictDir == null || env.containsKey("FANLOAD_KEEP_AGENT_LOG")) {
            return;
        }
        // Under SIGTERM this runs in the shutdown hook while the main thread may still write into the
        // folder (ORPHANED): a walk that met a new file leaves it non-empty, so look again, briefly.
        for (int attempt = 0; attempt < 5 && java.nio.file.Files.exists(options.verdictDir); attempt++) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(options.verdictDir)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(file);
                }
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a file came or went meanwhile: the next look removes what is left
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * This host's address on the interface that routes to {@code target} — the network the job's
     * nodes share — rather than whatever the host name resolves to (often 127.0.1.1 on Debian).
     * A connected UDP socket sends nothing; it only asks the kernel for the route.
     */
    static String addressTowards(InetSocketAddress target) throws java.io.IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket()) {
            probe.connect(target);
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                return InetAddress.getLocalHost().getHostAddress();
            }
            return local.getHostAddress();
        }
    }

    static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
