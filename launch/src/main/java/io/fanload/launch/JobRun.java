package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.WholeFileTable;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.rank.JvmCacheOptions;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.server.agent.AgentClassArchive;
import io.fanload.server.agent.AgentClassPath;
import io.fanload.server.agent.AgentMain;
import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.launch.cli.ExitCodes;
import io.fanload.launch.launcher.Launcher;
import io.fanload.launch.launcher.ShutdownCleanup;
import io.fanload.launch.launcher.Step;
import io.fanload.writer.tools.Sizes;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * {@code --pilot} and {@code --read-cache} through a launcher ({@link Launcher}: srun, mpirun,
 * mpiexec, aprun, or the local launcher's simulated nodes). Launch runs where the job script runs
 * and is the coordinator; every rank runs the inline bootstrap (rank-bootstrap.sh), whose first rank
 * on each node starts that node's agent process.
 */
final class JobRun {

    /** Separates the words of the agent command in one environment variable. */
    private static final String WORD_SEPARATOR = "\u001f";
    private static final String PLAIN_MARKER = "--fanload-plain--";
    private static final String JVM_CACHE_MARKER = "--fanload-jvm-cache--";
    /** The local launcher's simulated nodes talk over loopback only. */
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * The ranks' shell by its path where the launch host has it there (every Linux but NixOS): a
     * launcher looks a bare name up in every PATH folder ahead of it, once per rank, and module
     * systems put folders on the shared file system ahead.
     */
    private static final String BASH = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "bash";
    /**
     * Longest wait, once the step ended, for the agents' reports of their ranks' counters: each
     * node's last rank waits for its agent's report before it ends, so they are normally in already.
     */
    private static final java.time.Duration COUNTERS_WAIT = java.time.Duration.ofSeconds(10);

    private final LaunchSettings settings;
    private final LaunchReport report;
    private final Launcher launcher;
    private final String job;

    private JobRun(LaunchSettings settings, LaunchReport report) {
        this.settings = settings;
        this.report = report;
        this.launcher = settings.launcher();
        Map<String, String> env = settings.environment();
        String jobId = launcher.simulatesNodes() ? "local"
                : env.getOrDefault("SLURM_JOB_ID", env.getOrDefault("PBS_JOBID", "job"));
        this.job = jobId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid();
    }

    static int run(LaunchSettings settings, LaunchReport report) throws IOException, InterruptedException {
        JobRun run = new JobRun(settings, report);
        return settings.pilot() ? run.pilot() : run.readCache();
    }

    private int pilot() throws IOException, InterruptedException {
        Path pilotDir = PilotArchive.prepareFolder(settings);
        JdkProbe.Jdk jdk = JdkProbe.probe(settings.command().java(), probeCache());
        RankCommands commands = RankCommands.of(settings, jdk);
        settings.say("pilot: " + settings.ranks() + " ranks on " + settings.nodes() + " node(s) through "
                + launcher.name() + ", recording into " + pilotDir);
        List<String> program = commands.record(pilotDir);
        long start = System.nanoTime();
        int status = runStep(node -> new Step.NodeProgram(program,
                commands.environment()));
        Duration pilotTime = Duration.ofNanos(System.nanoTime() - start);
        RuntimeCopy.Carried runtime = PilotArchive.incomplete(pilotDir, settings.ranks(), status).isEmpty()
                ? RuntimeCopy.carriedByPilot(settings, jdk, report) : RuntimeCopy.Carried.NONE;
        int written = PilotArchive.writeArchive(settings, report, pilotDir, status, runtime,
                new JvmCacheTraining(settings, jdk, commands, runtime.home(), pilotTime, status, report));
        return status != 0 ? fromRanks(status) : written;
    }

    /** Where the ranks' JDK's probe is remembered: fanload's cache folder, or null for none. */
    private Path probeCache() {
        return AgentClassArchive.folder(settings.environment()).orElse(null);
    }

    private int readCache() throws IOException, InterruptedException {
        Path cache = settings.cache();
        CompletableFuture<JdkProbe.Jdk> probing = JdkProbe.probeAsync(settings.command().java(), probeCache());
        ArchiveIdentity identity = ArchiveIdentity.read(cache);
        report.put("archiveBytes", identity.totalSize());
        report.put("archiveSha256", identity.sha256Hex());
        boolean current;
        String carriedRuntime;
        JvmCacheChoice.Trained trained;
        Set<String> carriedFiles;
        boolean truffleResources;
        try (ArchiveReader reader = ArchiveReader.open(cache)) { // once: the archive is on the shared file system
            truffleResources = TruffleResources.honoured(reader);
            current = ServingChecks.checkStaleness(settings, report, reader, truffleResources);
            carriedRuntime = RuntimeCopy.carried(reader);
            trained = JvmCacheChoice.Trained.of(reader);
            carriedFiles = carriedFiles(reader);
        }
        JdkProbe.Jdk jdk = JdkProbe.await(probing);
        RankCommands commands = RankCommands.of(settings, jdk).carrying(carriedFiles, truffleResources);
        if (!current) {
            report.put("fallbackRanks", settings.ranks());
            int status = fromRanks(runStep(node -> new Step.NodeProgram(commands.plain(),
                    commands.environment())));
            report.put("exitCode", status);
            return status;
        }
        ServingChecks.warnBeforeServing(settings, report, commands);
        try (ShutdownCleanup cleanup = new ShutdownCleanup()) {
            String runtime = RuntimeCopy.servedHome(settings, jdk, carriedRuntime, report);
            JvmCacheChoice jvmCache = JvmCacheChoice.decide(settings, report, jdk, trained, runtime).orElse(null);
            return distribute(identity, commands, new Served(runtime, jvmCache, jdk), cleanup);
        }
    }

    /** The files {@code reader}'s archive carries whole, by original path. */
    static Set<String> carriedFiles(ArchiveReader reader) throws ArchiveException {
        Set<String> files = new HashSet<>();
        for (WholeFileTable.WholeFile file : reader.wholeFileTable().files()) {
            files.add(file.path());
        }
        return files;
    }

    /**
     * How served ranks start beyond fanload's loader.
     *
     * @param runtime  the carried JDK home whose node copy served ranks run, or null for their own java
     * @param jvmCache the trained JVM cache ranks start with where their node holds its link, or null
     * @param jdk      the ranks' JDK
     */
    private record Served(String runtime, JvmCacheChoice jvmCache, JdkProbe.Jdk jdk) {
    }

    private int distribute(ArchiveIdentity identity, RankCommands commands, Served served, ShutdownCleanup cleanup)
            throws IOException, InterruptedException {
        Path cache = settings.cache();
        Secret secret = Secret.generate();
        String host = launcher.simulatesNodes() ? LOOPBACK : coordinatorHost();
        String bindHost = launcher.simulatesNodes() ? LOOPBACK : "0.0.0.0";
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(cache, TransferSpec.ofArchive(cache)).expectedNodes(settings.nodes()).shape(settings.shape())
                .giveUp(settings.times().giveUp())
                .stallTimeout(settings.times().stall()).bind(new InetSocketAddress(bindHost, settings.port()));
        try (Coordinator coordinator = Coordinator.start(config)) {
            Map<String, String> env = commands.environment();
            env.put("FANLOAD_COORDINATOR", host + ":" + coordinator.address().getPort());
            env.put("FANLOAD_SECRET", secret.hex());
            // Tells this run's node-local folders from leftovers of an earlier attempt with the same name.
            env.put("FANLOAD_RUN", Secret.generate().hex().substring(0, 16));
            env.put("FANLOAD_WAIT_SECONDS", Long.toString(settings.times().rankWaitSeconds()));
            if (settings.strict()) {
                env.put("FANLOAD_STRICT", "1");
            }
            if (served.jvmCache() != null) {
                env.put("FANLOAD_JVM_CACHE_LINK", served.jvmCache().link().toString());
                // The JDK's own libraries are no misses (the node's copy of it when ranks run that).
                env.put("FANLOAD_JDK_HOME", served.runtime() != null ? served.runtime() : served.jdk().home().toString());
            }
            List<String> agentCommand = agentCommand();
            String bootstrap = bootstrapScript();
            Step.NodePrograms programs = node -> {
                NodeImageLayout layout = new NodeImageLayout(settings.localDir().resolve(
                        "fanload-" + job + (node == null ? "" : "-" + node.name())));
                Map<String, String> nodeEnv = new HashMap<>(env);
                nodeEnv.put("FANLOAD_NODE_DIR", layout.root().toString());
                nodeEnv.put("FANLOAD_AGENT", String.join(WORD_SEPARATOR, agentOf(agentCommand, layout, node)));
                nodeEnv.put("FANLOAD_SERVE_LD_LIBRARY_PATH", RankJvmOptions.serveEnvironment(layout.libraries(), cache,
                        settings.environment()).get("LD_LIBRARY_PATH"));
                List<String> program = new ArrayList<>(List.of(BASH, "-c", bootstrap, "fanload-rank"));
                String runtime = served.runtime();
                Path java = runtime == null ? null : Path.of(layout.copyOf(runtime)).resolve("bin/java");
                program.addAll(commands.serve(layout, NodeLocalHooks.location(layout), null, settings.strict(), java));
                JvmCacheChoice jvmCache = served.jvmCache();
                if (jvmCache != null) {
                    NodeImageLayout linked = new NodeImageLayout(jvmCache.link());
                    program.add(JVM_CACHE_MARKER);
                    program.addAll(commands.withJvmCache(linked, JvmCacheOptions.use(jvmCache.kind(),
                            Path.of(layout.copyOf(jvmCache.file())), served.jdk().feature()), settings.strict(),
                            runtime == null ? null : Path.of(linked.copyOf(runtime)).resolve("bin/java")));
                }
                program.add(PLAIN_MARKER);
                program.addAll(commands.plain());
                return new Step.NodeProgram(program, nodeEnv);
            };
            settings.say(String.format(Locale.ROOT, "read-cache: %d ranks on %d node(s) through %s, archive %s (%s), coordinator %s:%d",
                    settings.ranks(), settings.nodes(), launcher.name(), cache, Sizes.bytes(identity.totalSize()),
                    host, coordinator.address().getPort()));
            int launcherStatus;
            try (Progress progress = Progress.start(coordinator, settings, identity.totalSize())) {
                launcherStatus = launcher.run(step(programs), cleanup);
            }
            // Ranks leave their counters and failing statuses with their node's agent (node-local), which
            // reports them here: nothing per rank on the shared file system.
            CounterSums sums = CounterSums.of(coordinator.rankTotals(settings.ranks(), COUNTERS_WAIT).values(),
                    settings.ranks());
            int rankStatus = sums.lowestFailingStatus(launcherStatus);
            DistributionResult result = coordinator.snapshot();
            // --strict: a rank on a node that fell back exits 75 from the bootstrap, fanload's own failure.
            boolean refused = settings.strict() && rankStatus == ExitCodes.CACHE_FAILURE
                    && (result.missingNodes() > 0 || result.readyCount() < result.nodes().size());
            int status = refused ? ExitCodes.CACHE_FAILURE : fromRanks(rankStatus);
            report.put("exitCode", status);
            report.distribution(result);
            report.counters(sums);
            damagedArchive(result).ifPresent(warning -> ServingChecks.warn(settings, report, warning));
            launcherRefused(launcher.name(), launcherStatus, result)
                    .ifPresent(warning -> ServingChecks.warn(settings, report, warning));
            Summary.say(settings, report, settings.ranks(), settings.nodes(), status, result, identity.totalSize(),
                    sums);
            return status;
        }
    }

    /**
     * Every node fell back because the bytes it got do not match the archive's digest: the archive
     * itself was changed after the pilot wrote it (a bad block, a copy cut short), not the network.
     * Said once, with what to do, beside each rank's own line.
     */
    static Optional<String> damagedArchive(DistributionResult result) {
        List<DistributionResult.NodeReport> nodes = result.nodes();
        boolean allDigest = !nodes.isEmpty() && nodes.stream().allMatch(n -> n.status() == DistributionResult.Status.FALLBACK
                && n.detail() != null && n.detail().contains(AgentOutcome.DIGEST_MISMATCH));
        return allDigest ? Optional.of("every node found the archive's bytes unlike its SHA-256 digest: the file"
                + " changed after the pilot wrote it; 'launch --verify FILE' says what is wrong; run the pilot again")
                : Optional.empty();
    }

    /**
     * The launcher failed and no node's agent ever joined: most often the launcher refused the step
     * itself (an option of its own it does not know, no allocation), and then no rank ran; the
     * summary's counts of ranks and fallback nodes would otherwise read as if they had.
     */
    static Optional<String> launcherRefused(String launcherName, int launcherStatus, DistributionResult result) {
        return launcherStatus != 0 && result.nodes().isEmpty()
                ? Optional.of(launcherName + " exited " + launcherStatus + " and no node joined: if " + launcherName
                + " refused the step (its own message is above), no rank ran")
                : Optional.empty();
    }

    /**
     * launch's status when the lowest failing rank exited {@code rankStatus}: unchanged, unless it
     * lies in the block fanload keeps for its own failures (ExitCodes); the report keeps the real one.
     */
    private int fromRanks(int rankStatus) {
        if (rankStatus == 0) {
            return ExitCodes.OK;
        }
        report.put("rankExitCode", rankStatus);
        int status = ExitCodes.ofRank(rankStatus);
        if (status != rankStatus) {
            settings.warn("a rank exited " + rankStatus + ", a status fanload keeps for its own failures ("
                    + ExitCodes.RESERVED_FIRST + "-" + ExitCodes.RESERVED_LAST + "): launch exits " + status);
        }
        return status;
    }

    /** Runs a step whose every node runs {@code programs}' program, with its own clean-up. */
    private int runStep(Step.NodePrograms programs) throws IOException, InterruptedException {
        try (ShutdownCleanup cleanup = new ShutdownCleanup()) {
            return launcher.run(step(programs), cleanup);
        }
    }

    private Step step(Step.NodePrograms programs) {
        return new Step(settings.ranks(), settings.nodes(), settings.launcherLine(), settings.launcherArgs(),
                FORWARDED::test, programs);
    }

    /** What ranks need of launch's environment, which mpirun passes only when told: FANLOAD_* and thread caps. */
    private static final Predicate<String> FORWARDED =
            variable -> variable.startsWith("FANLOAD_") || ThreadCaps.VARIABLES.contains(variable);

    /**
     * The node's agent (fanload-agent): this JVM's java with the agents' class path (the site's
     * fanload install) and their class archive (made by the first job that needs it);
     * loader-hooks' jar goes into the node-local folder before READY.
     */
    private List<String> agentCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(AgentMain.JVM_OPTIONS);
        AgentClassArchive.forThisJvm(settings.environment()).ifPresent(archive -> command.addAll(
                archive.jvmOptions(settings::say, warning -> ServingChecks.warn(settings, report, warning))));
        command.addAll(List.of("-cp", AgentClassPath.ofThisInstall(), AgentMain.class.getName()));
        for (Path file : NodeLocalHooks.files()) {
            command.add("--with-file");
            command.add(file.toString());
        }
        return command;
    }

    /**
     * The agent command of a node with {@code layout}: its verdict folder is the bootstrap's election
     * folder. A simulated node's agent is named after it and listens on loopback, on any free port.
     */
    private List<String> agentOf(List<String> agentCommand, NodeImageLayout layout, Step.SimulatedNode node) {
        List<String> command = new ArrayList<>(agentCommand);
        command.addAll(List.of("--local-dir", layout.root().toString(), "--verdict-dir", layout.root() + ".agent"));
        if (node == null) {
            command.addAll(List.of("--data-port", Integer.toString(settings.agentPort())));
        } else {
            command.addAll(List.of("--node-id", node.name(), "--bind", LOOPBACK, "--advertise", LOOPBACK));
        }
        return command;
    }

    /** The inline rank bootstrap (rank-bootstrap.sh), as every launcher runs it. */
    static String bootstrapScript() throws IOException {
        try (InputStream in = JobRun.class.getResourceAsStream("rank-bootstrap.sh")) {
            if (in == null) {
                throw new IllegalStateException("rank-bootstrap.sh missing from fanload's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The address agents use to reach launch: {@code --coordinator-host}, else this host's first
     * non-loopback IPv4 address (the compute network on a batch node), else loopback.
     */
    private String coordinatorHost() throws IOException {
        if (settings.coordinatorHost() != null) {
            return settings.coordinatorHost();
        }
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address) {
                    return address.getHostAddress();
                }
            }
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
