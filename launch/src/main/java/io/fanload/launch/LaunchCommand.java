package io.fanload.launch;

import io.fanload.launch.launcher.JobShape;
import io.fanload.launch.launcher.Launcher;
import io.fanload.launch.launcher.Launchers;
import io.fanload.launch.launcher.RankPlacement;
import io.fanload.launch.cli.UsageException;
import io.fanload.server.tree.TreeShape;
import io.fanload.launch.cli.CacheCommand;
import io.fanload.launch.cli.ErrorMapper;
import io.fanload.launch.cli.ExitCodes;
import io.fanload.writer.tools.ArchiveInspector;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code launch}: DESIGN.md section 5. */
@Command(name = "launch", mixinStandardHelpOptions = true, version = "fanload 0.1", sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Start a JVM job at full width without the shared file system on the critical path.",
            "",
            "  launch --pilot      --cache FILE [-n RANKS] [options] -- JAVA-COMMAND",
            "  launch --read-cache --cache FILE  -n RANKS  [options] -- JAVA-COMMAND",
            "  launch --pilot|--read-cache --cache FILE [options] -- LAUNCHER [its options] JAVA-COMMAND",
            "  launch --inspect FILE",
            "  launch --verify  FILE",
            "  JAVA-COMMAND:  [env|numactl|taskset ... ] java [jvm options] (-cp CP | -jar JAR) MAIN [ARGS]",
            "                 (also -classpath, --class-path, CLASSPATH, @argfiles: as java reads them)",
            "  LAUNCHER:      srun, mpirun, mpiexec or aprun, with the job's own options, as the job script had",
            "                 them: ranks and nodes come from its options and the allocation; the rest passes through",
            "",
            "--pilot runs the ranks recording what they load and writes the archive; --read-cache has one reader",
            "stream the archive to every node through a tree and the ranks load from node-local memory.",
            "Each rank's stdout and stderr pass through unchanged; launch's own lines go to stderr."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every rank exited 0 (--verify: the archive is sound)",
            "N:otherwise the exit status of the lowest-numbered rank that failed",
            "1:--verify: the archive is not sound",
            "2:usage error",
            "75:the cache or the tree failed (broken, stale under --stale=refuse, --strict fallback)"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  FANLOAD_AGENT_CDS=DIR|off  where the node agents' class archive is made and found (srun, aprun,",
            "                             mpirun; default $XDG_CACHE_HOME/fanload or ~/.cache/fanload)"})
public final class LaunchCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--pilot", required = true, description = "Run the pilot and write the archive (--cache).")
        boolean pilot;
        @Option(names = "--read-cache", required = true, description = "Run at full width from the archive (--cache).")
        boolean readCache;
        @Option(names = "--inspect", required = true, paramLabel = "FILE",
                description = "What the archive holds, largest first, with its provenance.")
        Path inspect;
        @Option(names = "--verify", required = true, paramLabel = "FILE",
                description = "Integrity and staleness against the source files; exit 0 only if sound.")
        Path verify;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    @Option(names = "--cache", paramLabel = "FILE", description = "The archive: written by --pilot, read by --read-cache.")
    Path cache;

    @Option(names = {"-n", "--ranks"}, paramLabel = "RANKS", description = "Number of ranks (--pilot: default 1).")
    Integer ranks;

    @Option(names = "--launcher", paramLabel = "KIND", defaultValue = "auto",
            description = "auto, local, srun, mpirun (Open MPI), mpiexec (MPICH's Hydra) or aprun (default: "
                    + "${DEFAULT-VALUE}: srun inside Slurm, aprun inside PBS with ALPS, else local).")
    String launcher;

    @Option(names = "--nodes", paramLabel = "M", description = "Local launcher: simulate M nodes, each with its own agent and node-local folder (default 1).")
    Integer nodes;

    @Option(names = "--fanout", paramLabel = "K",
            description = "Tree fan-out: 1 is a chain, 2 binary, K a K-ary tree (default: a chain up to 16 nodes, binary beyond; docs/perf/tree.md).")
    Integer fanout;

    @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "/dev/shm",
            description = "Where node-local folders (fanload-<job>-<step>) are made (default: ${DEFAULT-VALUE}).")
    Path localDir;

    @Option(names = "--strict", description = "A rank that cannot be served fails with one line instead of loading the normal way.")
    boolean strict;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the run's report as JSON.")
    Path report;

    @Option(names = "--quiet", description = "Only warnings and errors from launch itself.")
    boolean quiet;

    @Option(names = "--threads-per-rank", paramLabel = "N|auto|off", defaultValue = "auto",
            description = "Cap each rank's JVM (-XX:ActiveProcessorCount) and OpenMP/BLAS pools: auto = cores per node / ranks per node (default).")
    String threadsPerRank;

    @Option(names = "--give-up", paramLabel = "SECONDS", defaultValue = "300",
            description = "A node without its image after this long gives up and its ranks load the normal way (default: ${DEFAULT-VALUE}).")
    int giveUpSeconds;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "A parent that sends nothing for this long is left for another (default: ${DEFAULT-VALUE}).")
    int stallSeconds;

    @Option(names = "--stale", paramLabel = "POLICY", defaultValue = "fallback",
            description = "When a source changed since the pilot: fallback (ranks load the normal way; default), serve (the recorded bytes), refuse.")
    String stale;

    @Option(names = "--runtime", paramLabel = "WHERE", defaultValue = "auto",
            description = "The ranks' JDK: --pilot puts it into the archive with cache, leaves it out with system, and with "
                    + "auto (default) carries it when it lives on a network or parallel file system; --read-cache runs the "
                    + "node's copy unless system.")
    String runtime;

    @Option(names = "--pilot-dir", paramLabel = "DIR", description = "--pilot: where ranks write their records (default: FILE.pilot beside the archive; must be shared by all nodes).")
    Path pilotDir;

    @Option(names = "--coordinator-host", paramLabel = "HOST",
            description = "srun/mpirun/aprun: the address agents use to reach launch (default: this host's first non-loopback IPv4 address).")
    String coordinatorHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "srun/mpirun/aprun: the coordinator's TCP port (default: any free port; set one where a firewall needs it).")
    int port;

    @Option(names = "--agent-port", paramLabel = "PORT", defaultValue = "0",
            description = "srun/mpirun/aprun: the TCP port every node agent listens on for its children (default: any free port).")
    int agentPort;

    @Option(names = "--launcher-arg", paramLabel = "ARG",
            description = "An argument for srun/mpirun/aprun itself, before the rank command (repeat as needed).")
    List<String> launcherArgs = new ArrayList<>();

    @Option(names = "--debug", description = "Show stack traces of failures.")
    boolean debug;

    @Parameters(paramLabel = "-- [LAUNCHER ...] java ...",
            description = "The job's java command after --, optionally behind the job's own launcher line and wrappers.")
    List<String> command = new ArrayList<>();

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Path workingDirectory;

    LaunchCommand(Map<String, String> environment, Path workingDirectory) {
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** A command line with the given streams and environment, for the main method and in-process tests. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment, Path cwd) {
        CommandLine commandLine = new CommandLine(new LaunchCommand(environment, cwd)).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler(new UsageAwareMapper());
        commandLine.setParameterExceptionHandler(new ErrorMapper("launch"));
        return commandLine;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, System.getenv(), Path.of("").toAbsolutePath()).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (debug) {
            System.setProperty("fanload.debug", "true");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (mode.inspect != null) {
            ArchiveInspector.inspect(mode.inspect).print(spec.commandLine().getOut(), 20);
            return ExitCodes.OK;
        }
        if (mode.verify != null) {
            return CacheCommand.verify(mode.verify, spec.commandLine().getOut(), err);
        }
        LaunchSettings settings = settings(err);
        String modeName = mode.pilot ? "pilot" : "read-cache";
        LaunchReport launchReport = new LaunchReport(modeName, settings.launcher().name(), settings.ranks(), settings.nodes());
        int status = ExitCodes.CACHE_FAILURE;
        try {
            status = JobRun.run(settings, launchReport);
            return status;
        } catch (Exception e) {
            launchReport.put("error", e.getMessage());
            status = e instanceof UsageException || e instanceof CommandLine.ParameterException ? ExitCodes.USAGE
                    : e instanceof java.io.IOException ? ExitCodes.CACHE_FAILURE : ExitCodes.INTERNAL;
            throw e;
        } finally {
            launchReport.put("exitCode", status);
            if (report != null) {
                launchReport.write(report);
            }
        }
    }

    private LaunchSettings settings(PrintWriter err) {
        if (cache == null) {
            throw usage((mode.pilot ? "--pilot" : "--read-cache") + " needs --cache FILE");
        }
        if (command.isEmpty()) {
            throw usage("no java command: put it after --, e.g. launch --pilot --cache app.fanload -n 4 -- java -cp app.jar Main");
        }
        Path cacheFile = workingDirectory.resolve(cache).normalize();
        if (mode.pilot && !Files.isDirectory(cacheFile.getParent())) {
            throw usage("--cache " + cache + ": folder " + cacheFile.getParent() + " does not exist");
        }
        JobLine line = JobLine.split(command);
        Launcher kind;
        JobShape lineShape = null;
        if (line.launcher().isEmpty()) {
            try {
                kind = Launchers.named(launcher, environment, program -> JdkProbe.executable(program) != null);
            } catch (IllegalArgumentException e) {
                throw usage("--launcher must be one of " + String.join(", ", Launchers.NAMES) + ", not '" + launcher + "'");
            }
        } else {
            kind = LineLauncher.of(line.launcher().get(0));
            if (!launcher.equals("auto") && !launcher.equals(kind.name())) {
                throw usage("--launcher " + launcher + " but the job's line starts with " + line.launcher().get(0));
            }
            lineShape = kind.shapeOf(line.launcher().subList(1, line.launcher().size()), environment);
        }
        Integer lineRanks = lineShape == null || lineShape.ranks().isEmpty() ? null : lineShape.ranks().getAsInt();
        if (ranks != null && lineRanks != null && !ranks.equals(lineRanks)) {
            throw usage("-n " + ranks + " but the job's line starts " + lineRanks + " ranks");
        }
        if (mode.readCache && ranks == null && lineRanks == null) {
            throw usage("--read-cache needs -n RANKS (or a launcher line that says how many: -- srun -n RANKS java ...)");
        }
        int rankCount = ranks != null ? ranks : lineRanks != null ? lineRanks : 1;
        int nodeCount = nodes != null ? nodes
                : lineShape != null && lineShape.nodes().isPresent() ? lineShape.nodes().getAsInt()
                : kind.defaultNodes(rankCount, environment);
        if (port < 0 || port > 65535 || agentPort < 0 || agentPort > 65535) {
            throw usage("--port and --agent-port must be between 0 and 65535");
        }
        TreeShape shape;
        try {
            shape = fanout == null ? TreeShape.defaultFor(nodeCount) : new TreeShape(fanout);
        } catch (IllegalArgumentException e) {
            throw usage("--fanout must be between 1 and 1024");
        }
        if (stallSeconds < 1 || giveUpSeconds < stallSeconds || giveUpSeconds > 86_400) {
            throw usage("need 1 <= --stall-timeout <= --give-up <= 86400 seconds");
        }
        LaunchSettings.TreeTimes times = new LaunchSettings.TreeTimes(java.time.Duration.ofSeconds(stallSeconds),
                java.time.Duration.ofSeconds(giveUpSeconds));
        LaunchSettings.StalePolicy policy;
        try {
            policy = LaunchSettings.StalePolicy.valueOf(stale.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--stale must be fallback, serve or refuse, not '" + stale + "'");
        }
        Path local = workingDirectory.resolve(localDir).normalize();
        if (!Files.isDirectory(local) || !Files.isWritable(local)) {
            throw usage("--local-dir " + localDir + " is not a writable folder");
        }
        JavaCommand java = JavaCommand.parse(line.java(), environment, workingDirectory);
        LaunchSettings settings = new LaunchSettings(mode.pilot, kind, cacheFile, rankCount, nodeCount, java, shape, times, local,
                strict, report == null ? null : workingDirectory.resolve(report), quiet, threadsPerRank, policy,
                pilotDir == null ? null : workingDirectory.resolve(pilotDir), coordinatorHost, port, agentPort,
                List.copyOf(launcherArgs), line.launcher(), line.wrapper(), RuntimePolicy.parse(runtime), environment, err);
        new RankPlacement(settings.ranks(), settings.nodes());
        settings.caps();
        return settings;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Usage problems found while running (a bad java command) are exit 2; the rest as ErrorMapper says. */
    private static final class UsageAwareMapper implements CommandLine.IExecutionExceptionHandler {
        private final ErrorMapper errors = new ErrorMapper("launch");

        @Override
        public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult)
                throws Exception {
            if (ex instanceof UsageException) {
                commandLine.getErr().println("launch: " + ex.getMessage() + " (see --help)");
                commandLine.getErr().flush();
                return ExitCodes.USAGE;
            }
            if (ex instanceof CommandLine.ParameterException parameter) {
                return errors.handleParseException(parameter, new String[0]);
            }
            return errors.handleExecutionException(ex, commandLine, parseResult);
        }
    }
}
