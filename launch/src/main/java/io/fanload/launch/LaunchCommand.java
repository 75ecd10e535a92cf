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
import io.fanload.launch.cli.MissingInputException;
import io.fanload.launch.cli.Version;
import io.fanload.server.coordinator.CoordinatorWarmUp;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code launch}: DESIGN.md section 5. The options come in groups, one section of --help each
 * (picocli argument groups that validate nothing: only their heading matters).
 */
@Command(name = "launch", versionProvider = Version.class, sortOptions = false,
        usageHelpWidth = 100, abbreviateSynopsis = true,
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
            "N:otherwise the status of the lowest-numbered rank that failed, unchanged unless in 64-79",
            "1:--verify: the archive is not sound",
            "64:usage error: a wrong option or argument (nothing ran)",
            "66:an input does not exist or cannot be read: no such archive, folder, ... (nothing ran)",
            "70:internal error in fanload (--debug shows the stack trace)",
            "75:the cache or the tree failed: a damaged archive, a stale one under --stale=refuse, a "
                    + "--strict rank that could not be served, a pilot whose records cannot be merged",
            "79:a rank exited with a status in 64-79, which fanload keeps for its own failures; "
                    + "launch's warning and the report's rankExitCode give the real status",
            "86:as a rank's status: fanload's loader stopped that rank (--strict: a load the pilot never saw; "
                    + "the rank's 'fanload: rank N: ...' line says why)"},
        footerHeading = "%n",
        footer = {
            "Statuses 64-79 are fanload's own; any other non-zero status is a rank's (126 or 127: its command",
            "could not run; 128+N: it was killed by signal N).",
            "",
            "Environment:",
            "  FANLOAD_JAVA, JAVA_HOME    the JDK launch and the node agents run on (else java on PATH)",
            "  CLASSPATH                  the class path when the java command names none, as java reads it",
            "  SLURM_JOB_ID, SLURM_JOB_NUM_NODES, SLURM_CPUS_ON_NODE   inside Slurm: --launcher auto is srun,",
            "                             the job's name, its default node count and cores per node",
            "  PBS_JOBID                  inside PBS: the job's name; --launcher auto is aprun where it exists",
            "  FANLOAD_AGENT_CDS=DIR|off  where fanload's class archives (the node agents', launch's own) are",
            "                             made and found (default $XDG_CACHE_HOME/fanload or ~/.cache/fanload)",
            "  FANLOAD_DEBUG=1            like --debug: stack traces of failures",
            "  FANLOAD_KEEP_AGENT_LOG=1   keep each node agent's log in the node-local folder (diagnosis)",
            "",
            "docs/USER-GUIDE.md (installed: $FANLOAD_HOME/share/fanload/docs) has job scripts and troubleshooting."})
public final class LaunchCommand implements Callable<Integer> {

    static final class Mode {
        @Option(names = "--pilot", required = true, description = "Run the pilot and write the archive (--cache).")
        boolean pilot;
        @Option(names = "--read-cache", required = true, description = "Run at full width from the archive (--cache).")
        boolean readCache;
        @Option(names = "--inspect", required = true, paramLabel = "FILE",
                description = "What the archive holds, largest first, with its provenance; then its digest "
                        + "(one read of the archive: exit 75 if damaged).")
        Path inspect;
        @Option(names = "--verify", required = true, paramLabel = "FILE",
                description = "Integrity and staleness against the source files; exit 0 only if sound.")
        Path verify;
    }

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nModes (one of):%n")
    Mode mode;

    /** The job step: what runs, how many, where. Defaults sit in the initialisers too: picocli leaves an unused group alone. */
    static final class Job {
        @Option(names = "--cache", paramLabel = "FILE", description = "The archive: written by --pilot, read by --read-cache.")
        Path cache;

        @Option(names = {"-n", "--ranks"}, paramLabel = "RANKS", description = "Number of ranks (--pilot: default 1).")
        Integer ranks;

        @Option(names = "--launcher", paramLabel = "KIND", defaultValue = "auto",
                description = "auto, local, srun, mpirun (Open MPI), mpiexec (MPICH's Hydra) or aprun (default: "
                        + "${DEFAULT-VALUE}: srun inside Slurm, aprun inside PBS with ALPS, else local).")
        String launcher = "auto";

        @Option(names = "--nodes", paramLabel = "M",
                description = "Nodes of the step (srun: default the allocation's); local launcher: simulate M nodes, each with its own agent and node-local folder (default 1).")
        Integer nodes;

        @Option(names = "--launcher-arg", paramLabel = "ARG",
                description = "An argument for srun/mpirun/aprun itself, before the rank command (repeat as needed).")
        List<String> launcherArgs = new ArrayList<>();

        @Option(names = "--threads-per-rank", paramLabel = "N|auto|off", defaultValue = "auto",
                description = "Cap each rank's JVM (-XX:ActiveProcessorCount) and OpenMP/BLAS pools: auto = cores per node / ranks per node (default).")
        String threadsPerRank = "auto";

        @Option(names = "--local-dir", paramLabel = "DIR", defaultValue = "/dev/shm",
                description = "Where node-local folders (fanload-<job>-<step>) are made (default: ${DEFAULT-VALUE}).")
        Path localDir = Path.of("/dev/shm");
    }

    @ArgGroup(validate = false, heading = "%nJob shape:%n", order = 1)
    Job job = new Job();

    static final class Pilot {
        @Option(names = "--pilot-dir", paramLabel = "DIR", description = "--pilot: where ranks write their records (default: FILE.pilot beside the archive; must be shared by all nodes).")
        Path pilotDir;
    }

    @ArgGroup(validate = false, heading = "%nPilot:%n", order = 2)
    Pilot pilot = new Pilot();

    /** What read-cache ranks do when they cannot be served as recorded. */
    static final class Serving {
        @Option(names = "--strict", description = "A rank that cannot be served fails (exit 75) instead of loading the normal way, and a "
                        + "served rank that needs a name the pilot never loaded stops (its status 86).")
        boolean strict;

        @Option(names = "--stale", paramLabel = "POLICY", defaultValue = "fallback",
                description = "When a source changed since the pilot: fallback (ranks load the normal way; default), serve (the recorded bytes), refuse (exit 75).")
        String stale = "fallback";
    }

    @ArgGroup(validate = false, heading = "%nRead-cache:%n", order = 3)
    Serving serving = new Serving();

    /** The ranks' JVM: which JDK they run. */
    static final class Jvm {
        @Option(names = "--runtime", paramLabel = "WHERE", defaultValue = "auto",
                description = "The ranks' JDK: --pilot puts it into the archive with cache, leaves it out with system, and with "
                        + "auto (default) carries it when it lives on a network or parallel file system; --read-cache runs the "
                        + "node's copy unless system.")
        String runtime = "auto";

        @Option(names = "--jvm-cache", paramLabel = "WHEN", defaultValue = "auto",
                description = "--pilot: with auto (default) one more run of the command trains a JVM cache (JDK 25+: an AOT cache;"
                        + " JDK 17-24: dynamic AppCDS) that the archive carries; off: none.")
        String jvmCache = "auto";

        @Option(names = "--serve", paramLabel = "WITH", defaultValue = "auto",
                description = "--read-cache: auto (default) starts ranks with the archive's trained JVM cache where it matches"
                        + " (else fanload's loader); loader: always fanload's loader; cache: the trained cache or stop.")
        String serve = "auto";
    }

    @ArgGroup(validate = false, heading = "%nJVM:%n", order = 4)
    Jvm jvm = new Jvm();

    static final class TreeAndNetwork {
        @Option(names = "--fanout", paramLabel = "K",
                description = "Tree fan-out: 1 is a chain, 2 binary, K a K-ary tree (default: a chain up to 16 nodes, binary beyond; docs/perf/tree.md).")
        Integer fanout;

        @Option(names = "--give-up", paramLabel = "SECONDS", defaultValue = "300",
                description = "A node without its image after this long gives up and its ranks load the normal way (default: ${DEFAULT-VALUE}).")
        int giveUpSeconds = 300;

        @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "15",
                description = "A parent that sends nothing for this long is left for another (default: ${DEFAULT-VALUE}).")
        int stallSeconds = 15;

        @Option(names = "--coordinator-host", paramLabel = "HOST",
                description = "srun/mpirun/aprun: the address agents use to reach launch (default: this host's first non-loopback IPv4 address).")
        String coordinatorHost;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
                description = "srun/mpirun/aprun: the coordinator's TCP port (default: any free port; set one where a firewall needs it).")
        int port;

        @Option(names = "--agent-port", paramLabel = "PORT", defaultValue = "0",
                description = "srun/mpirun/aprun: the TCP port every node agent listens on for its children (default: any free port).")
        int agentPort;
    }

    @ArgGroup(validate = false, heading = "%nTree and network:%n", order = 5)
    TreeAndNetwork tree = new TreeAndNetwork();

    static final class Output {
        @Option(names = "--report", paramLabel = "FILE.json", description = "Write the run's report as JSON (docs/USER-GUIDE.md, \"Reading the report\").")
        Path report;

        @Option(names = "--quiet", description = "Only warnings and errors from launch itself.")
        boolean quiet;

        @Option(names = "--debug", description = "Show stack traces of failures.")
        boolean debug;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print fanload's version and commit and exit.")
        boolean version;
    }

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 6)
    Output output = new Output();

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
        OneLineLogs.install();
        List<String> own = Arrays.asList(args);
        if (own.contains("--")) {
            own = own.subList(0, own.indexOf("--"));
        }
        if (own.contains("--read-cache")) {
            CoordinatorWarmUp.start(); // beside the parsing and checks below, not after them
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = commandLine(out, err, System.getenv(), Path.of("").toAbsolutePath()).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (output.debug) {
            System.setProperty("fanload.debug", "true");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (mode.inspect != null) {
            return CacheCommand.inspect("launch", workingDirectory.resolve(mode.inspect), 20, spec.commandLine().getOut(), err);
        }
        if (mode.verify != null) {
            return CacheCommand.verify(workingDirectory.resolve(mode.verify), spec.commandLine().getOut(), err);
        }
        String modeName = mode.pilot ? "pilot" : "read-cache";
        LaunchSettings settings;
        try {
            settings = settings(err);
        } catch (Exception e) {
            // A job that fails before it starts (no such archive, say) still leaves the report it was asked for.
            reportEarlyFailure(modeName, e);
            throw e;
        }
        LaunchReport launchReport = new LaunchReport(modeName, settings.launcher().name(), settings.ranks(), settings.nodes());
        int status = ExitCodes.CACHE_FAILURE;
        // Beside the job: its ranks never wait for the training, and the job's end waits for it only briefly.
        LaunchClassArchive.Care care = LaunchClassArchive.takeCare(settings.pilot(), settings::say,
                warning -> ServingChecks.warn(settings, launchReport, warning));
        try {
            status = JobRun.run(settings, launchReport);
            care.finish();
            return status;
        } catch (Exception e) {
            launchReport.put("error", ErrorMapper.message(e));
            status = ErrorMapper.exitCode(e);
            throw e;
        } finally {
            care.stop();
            launchReport.put("exitCode", status);
            if (output.report != null) {
                launchReport.write(workingDirectory.resolve(output.report));
            }
        }
    }

    /** The report of a job that failed before it started: its mode, exit code and error. */
    private void reportEarlyFailure(String modeName, Exception e) {
        if (output.report == null) {
            return;
        }
        LaunchReport early = new LaunchReport(modeName, "none", 0, 0);
        early.put("error", ErrorMapper.message(e));
        early.put("exitCode", ErrorMapper.exitCode(e));
        try {
            early.write(workingDirectory.resolve(output.report));
        } catch (IOException | RuntimeException ignored) {
            // the failure itself is what launch says; a report that cannot be written adds nothing
        }
    }

    private LaunchSettings settings(PrintWriter err) {
        if (job.cache == null) {
            throw usage((mode.pilot ? "--pilot" : "--read-cache") + " needs --cache FILE");
        }
        if (command.isEmpty()) {
            throw usage("no java command: put it after --, e.g. launch --pilot --cache app.fanload -n 4 -- java -cp app.jar Main");
        }
        Path cacheFile = workingDirectory.resolve(job.cache).normalize();
        if (mode.pilot && !Files.isDirectory(cacheFile.getParent())) {
            throw usage("--cache " + job.cache + ": folder " + cacheFile.getParent() + " does not exist");
        }
        // Checked now, not after the job ran: the report is written at the end.
        Path reportFile = output.report == null ? null : workingDirectory.resolve(output.report).normalize();
        if (reportFile != null && !Files.isDirectory(reportFile.getParent())) {
            throw usage("--report " + output.report + ": folder " + reportFile.getParent() + " does not exist");
        }
        JobLine line = JobLine.split(command);
        Launcher kind;
        JobShape lineShape = null;
        if (line.launcher().isEmpty()) {
            try {
                kind = Launchers.named(job.launcher, environment, program -> JdkProbe.executable(program) != null);
            } catch (IllegalArgumentException e) {
                throw usage("--launcher must be one of " + String.join(", ", Launchers.NAMES) + ", not '" + job.launcher + "'");
            }
        } else {
            kind = LineLauncher.of(line.launcher().get(0));
            if (!job.launcher.equals("auto") && !job.launcher.equals(kind.name())) {
                throw usage("--launcher " + job.launcher + " but the job's line starts with " + line.launcher().get(0));
            }
            lineShape = kind.shapeOf(line.launcher().subList(1, line.launcher().size()), environment);
        }
        Integer lineRanks = lineShape == null || lineShape.ranks().isEmpty() ? null : lineShape.ranks().getAsInt();
        if (job.ranks != null && lineRanks != null && !job.ranks.equals(lineRanks)) {
            throw usage("-n " + job.ranks + " but the job's line starts " + lineRanks + " ranks");
        }
        // Inside an allocation a site launcher starts all of its tasks unless told otherwise, as srun does.
        JobShape allocation = lineShape == null ? kind.shapeOf(List.of(), environment) : lineShape;
        Integer allocationRanks = allocation.ranks().isPresent() ? allocation.ranks().getAsInt() : null;
        // Said after the options' own values: a wrong value is the first thing to fix, wherever launch runs.
        boolean ranksUnknown = mode.readCache && job.ranks == null && lineRanks == null && allocationRanks == null;
        int rankCount = job.ranks != null ? job.ranks : lineRanks != null ? lineRanks
                : allocationRanks != null ? allocationRanks : 1;
        int nodeCount = job.nodes != null ? job.nodes
                : lineShape != null && lineShape.nodes().isPresent() ? lineShape.nodes().getAsInt()
                : kind.defaultNodes(rankCount, environment);
        if (tree.port < 0 || tree.port > 65535 || tree.agentPort < 0 || tree.agentPort > 65535) {
            throw usage("--port and --agent-port must be between 0 and 65535");
        }
        TreeShape shape;
        try {
            shape = tree.fanout == null ? TreeShape.defaultFor(nodeCount) : new TreeShape(tree.fanout);
        } catch (IllegalArgumentException e) {
            throw usage("--fanout must be between 1 and 1024");
        }
        if (tree.stallSeconds < 1 || tree.giveUpSeconds < tree.stallSeconds || tree.giveUpSeconds > 86_400) {
            throw usage("need 1 <= --stall-timeout <= --give-up <= 86400 seconds");
        }
        LaunchSettings.TreeTimes times = new LaunchSettings.TreeTimes(java.time.Duration.ofSeconds(tree.stallSeconds),
                java.time.Duration.ofSeconds(tree.giveUpSeconds));
        LaunchSettings.StalePolicy policy;
        try {
            policy = LaunchSettings.StalePolicy.valueOf(serving.stale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--stale must be fallback, serve or refuse, not '" + serving.stale + "'");
        }
        Path local = workingDirectory.resolve(job.localDir).normalize();
        if (!Files.isDirectory(local) || !Files.isWritable(local)) {
            throw usage("--local-dir " + job.localDir + " is not a writable folder");
        }
        JavaCommand java = JavaCommand.parse(line.java(), environment, workingDirectory);
        RuntimePolicy runtime = RuntimePolicy.parse(jvm.runtime);
        JvmCacheModes.Training training = JvmCacheModes.Training.parse(jvm.jvmCache);
        JvmCacheModes.Serve serve = JvmCacheModes.Serve.parse(jvm.serve);
        if (ranksUnknown) {
            throw usage("--read-cache needs -n RANKS (or a launcher line that says how many: -- srun -n RANKS java ...)");
        }
        // Usage errors first: a missing archive is told only for a command line that is right.
        if (mode.readCache && !Files.exists(cacheFile)) {
            throw new UncheckedIOException(new MissingInputException("archive", cacheFile));
        }
        if (mode.readCache && Files.isDirectory(cacheFile)) {
            throw new UncheckedIOException(new MissingInputException("not an archive: " + cacheFile + " is a folder"));
        }
        LaunchSettings settings = new LaunchSettings(mode.pilot, kind, cacheFile, rankCount, nodeCount, java, shape, times, local,
                serving.strict, reportFile, output.quiet, job.threadsPerRank, policy,
                pilot.pilotDir == null ? null : workingDirectory.resolve(pilot.pilotDir), tree.coordinatorHost, tree.port, tree.agentPort,
                List.copyOf(job.launcherArgs), line.launcher(), line.wrapper(), runtime, training, serve, environment, err);
        new RankPlacement(settings.ranks(), settings.nodes());
        settings.caps();
        sayIgnoredOptions(settings);
        return settings;
    }

    /** Options only the pilot reads. */
    private static final List<String> PILOT_ONLY = List.of("--pilot-dir", "--jvm-cache");
    /** Options only the full-width run reads. */
    private static final List<String> READ_CACHE_ONLY = List.of("--strict", "--stale", "--serve", "--fanout", "--give-up",
            "--stall-timeout", "--coordinator-host", "--port", "--agent-port");

    /**
     * One warning per option given that this mode does not read (a pilot line turned into a
     * read-cache line keeps its --jvm-cache): the job runs, and the user learns it had no effect.
     */
    private void sayIgnoredOptions(LaunchSettings settings) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> ignored = (mode.pilot ? READ_CACHE_ONLY : PILOT_ONLY).stream().filter(parsed::hasMatchedOption).toList();
        if (!ignored.isEmpty()) {
            settings.warn(String.join(", ", ignored) + (ignored.size() == 1 ? " applies" : " apply") + " to "
                    + (mode.pilot ? "--read-cache" : "--pilot") + " only; " + (mode.pilot ? "--pilot" : "--read-cache")
                    + " ignores " + (ignored.size() == 1 ? "it" : "them"));
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Usage problems found while running (a bad java command) are exit 64 (ExitCodes.USAGE); the rest as ErrorMapper says. */
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
