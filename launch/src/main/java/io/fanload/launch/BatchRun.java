package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.server.agent.AgentClassArchive;
import io.fanload.server.agent.AgentClassPath;
import io.fanload.server.agent.AgentMain;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.writer.tools.Sizes;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --pilot} and {@code --read-cache} through a site launcher (srun, mpirun, aprun). Launch
 * runs where the job script runs and is the coordinator; the launcher starts every rank with the
 * inline bootstrap (rank-bootstrap.sh), whose first rank on each node starts that node's agent.
 */
final class BatchRun {

    /** Separates the words of the agent command in one environment variable. */
    private static final String WORD_SEPARATOR = "\u001f";
    private static final String PLAIN_MARKER = "--fanload-plain--";

    private final LaunchSettings settings;
    private final LaunchReport report;
    private final String job;

    private BatchRun(LaunchSettings settings, LaunchReport report) {
        this.settings = settings;
        this.report = report;
        Map<String, String> env = settings.environment();
        String jobId = env.getOrDefault("SLURM_JOB_ID", env.getOrDefault("PBS_JOBID", "job"));
        this.job = jobId.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ProcessHandle.current().pid();
    }

    static int run(LaunchSettings settings, LaunchReport report) throws IOException, InterruptedException {
        BatchRun run = new BatchRun(settings, report);
        return settings.pilot() ? run.pilot() : run.readCache();
    }

    private int pilot() throws IOException, InterruptedException {
        Path pilotDir = PilotRun.prepareFolder(settings);
        RankCommands commands = RankCommands.of(settings);
        settings.say("pilot: " + settings.ranks() + " ranks through " + settings.launcher().label()
                + ", recording into " + pilotDir);
        List<String> program = commands.record(RankCommands.Rank.FROM_LAUNCHER, pilotDir);
        int status = runLauncher(program, commands.environment(RankCommands.Rank.FROM_LAUNCHER, null), null);
        return PilotRun.writeArchive(settings, report, pilotDir, status);
    }

    private int readCache() throws IOException, InterruptedException {
        Path cache = settings.cache();
        ArchiveIdentity identity = ArchiveIdentity.read(cache);
        report.put("archiveBytes", identity.totalSize());
        report.put("archiveSha256", identity.sha256Hex());
        RankCommands commands = RankCommands.of(settings);
        if (!ReadCacheRun.checkStaleness(settings, report)) {
            report.put("fallbackRanks", settings.ranks());
            int status = runLauncher(commands.plain(), commands.environment(RankCommands.Rank.FROM_LAUNCHER, null), null);
            report.put("exitCode", status);
            return status;
        }
        ReadCacheRun.warnBeforeServing(settings, report, commands);
        Path statusDir = ReadCacheRun.createPrivateDir(cache.resolveSibling("." + cache.getFileName() + ".status-" + job));
        Path countersDir = settings.report() == null ? null
                : ReadCacheRun.createPrivateDir(settings.report().resolveSibling(settings.report().getFileName() + ".counters-" + job));
        try (ShutdownCleanup cleanup = new ShutdownCleanup()) {
            cleanup.add(() -> ReadCacheRun.deleteTree(statusDir));
            if (countersDir != null) {
                cleanup.add(() -> ReadCacheRun.deleteTree(countersDir));
            }
            return distribute(identity, commands, statusDir, countersDir);
        }
    }

    private int distribute(ArchiveIdentity identity, RankCommands commands, Path statusDir, Path countersDir)
            throws IOException, InterruptedException {
        Path cache = settings.cache();
        Secret secret = Secret.generate();
        String host = coordinatorHost();
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(cache, TransferSpec.ofArchive(cache)).expectedNodes(settings.nodes()).shape(settings.shape())
                .giveUp(settings.times().giveUp())
                .stallTimeout(settings.times().stall()).bind(new InetSocketAddress("0.0.0.0", settings.port()));
        try (Coordinator coordinator = Coordinator.start(config)) {
            NodeImageLayout layout = new NodeImageLayout(settings.localDir().resolve("fanload-" + job));
            Map<String, String> env = commands.environment(RankCommands.Rank.FROM_LAUNCHER, null);
            env.put("FANLOAD_NODE_DIR", layout.root().toString());
            env.put("FANLOAD_COORDINATOR", host + ":" + coordinator.address().getPort());
            env.put("FANLOAD_SECRET", secret.hex());
            // Tells this run's node-local folders from leftovers of an earlier attempt with the same name.
            env.put("FANLOAD_RUN", Secret.generate().hex().substring(0, 16));
            env.put("FANLOAD_AGENT", String.join(WORD_SEPARATOR, agentCommand(layout)));
            env.put("FANLOAD_WAIT_SECONDS", Long.toString(settings.times().rankWaitSeconds()));
            env.put("FANLOAD_SERVE_LD_LIBRARY_PATH", RankJvmOptions.serveEnvironment(layout.libraries(), cache,
                    settings.environment()).get("LD_LIBRARY_PATH"));
            env.put("FANLOAD_STATUS_DIR", statusDir.toString());
            if (countersDir != null) {
                env.put("FANLOAD_COUNTERS_DIR", countersDir.toString());
            }
            List<String> program = new ArrayList<>(List.of("bash", "-c", bootstrapScript(), "fanload-rank"));
            program.addAll(commands.serve(RankCommands.Rank.FROM_LAUNCHER, layout, NodeLocalHooks.location(layout), null,
                    settings.strict()));
            program.add(PLAIN_MARKER);
            program.addAll(commands.plain());
            settings.say(String.format(Locale.ROOT, "read-cache: %d ranks on %d node(s) through %s, archive %s (%s), coordinator %s:%d",
                    settings.ranks(), settings.nodes(), settings.launcher().label(), cache, Sizes.bytes(identity.totalSize()),
                    host, coordinator.address().getPort()));
            int launcherStatus;
            try (Progress progress = Progress.start(coordinator, settings, identity.totalSize())) {
                launcherStatus = runLauncher(program, env, coordinator);
            }
            int status = lowestRankStatus(statusDir, launcherStatus);
            DistributionResult result = coordinator.snapshot();
            report.put("exitCode", status);
            report.distribution(result);
            CounterSums sums = countersDir == null ? null : CounterSums.read(countersDir, settings.ranks());
            if (sums != null) {
                report.counters(sums);
            }
            Summary.say(settings, report, settings.ranks(), settings.nodes(), status, result, identity.totalSize(),
                    sums);
            return status;
        }
    }

    /** The site launcher's command around {@code program}; its stdout and stderr pass through. */
    private int runLauncher(List<String> program, Map<String, String> env, Coordinator coordinator)
            throws IOException, InterruptedException {
        List<String> argv = LauncherCommand.argv(settings.launcher(), settings.ranks(), settings.nodes(),
                settings.launcherArgs(), env, program);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ArchiveException("cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        Thread stop = new Thread(() -> {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fanload-stop-launcher");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return process.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // shutting down: the hook stops the launcher
            }
        }
    }

    /** The lowest-numbered rank's non-zero status, from the files failing ranks leave; else the launcher's. */
    private static int lowestRankStatus(Path statusDir, int launcherStatus) throws IOException {
        int lowestRank = Integer.MAX_VALUE;
        int status = launcherStatus;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(statusDir, "rank-*.status")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                int rank = Integer.parseInt(name.substring(5, name.length() - ".status".length()));
                if (rank < lowestRank) {
                    lowestRank = rank;
                    status = Integer.parseInt(Files.readString(file).trim());
                }
            }
        } catch (NumberFormatException e) {
            return launcherStatus;
        }
        return status;
    }

    /**
     * The node's agent (fanload-agent): this JVM's java with fanload's class path (the site's fanload
     * install) and its class archive (made by the first job that needs it); its verdict folder is the
     * bootstrap's election folder, and loader-hooks' jar goes into the node-local folder before READY.
     */
    private List<String> agentCommand(NodeImageLayout layout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(AgentMain.JVM_OPTIONS);
        AgentClassArchive.forThisJvm(settings.environment()).ifPresent(archive -> command.addAll(
                archive.jvmOptions(settings::say, warning -> ReadCacheRun.warn(settings, report, warning))));
        command.addAll(List.of("-cp", AgentClassPath.ofThisInstall(), AgentMain.class.getName(),
                "--local-dir", layout.root().toString(), "--verdict-dir", layout.root() + ".agent",
                "--data-port", Integer.toString(settings.agentPort())));
        for (Path file : NodeLocalHooks.files()) {
            command.add("--with-file");
            command.add(file.toString());
        }
        return command;
    }

    /** The inline rank bootstrap (rank-bootstrap.sh), as srun/mpirun/aprun run it. */
    static String bootstrapScript() throws IOException {
        try (InputStream in = BatchRun.class.getResourceAsStream("rank-bootstrap.sh")) {
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
