package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.rank.JvmCacheOptions;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.server.agent.NodeDirectory;
import io.fanload.server.auth.Secret;
import io.fanload.writer.build.TrainedJvmCache;
import io.fanload.writer.image.JvmCacheNames;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.tools.Sizes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pilot's training run (launch --jvm-cache auto): the application's command once more, as a
 * served rank will run it with the cache — the JDK's own application loader over a node image of the
 * archive just written, at a path that every node recreates as a link to its own folder — with the
 * JVM writing its cache at exit. Its output goes to a log beside the archive, never to the user's.
 */
final class JvmCacheTraining implements PilotArchive.Trainer {

    /** User options that make, use or turn off a JVM cache of their own: no training then. */
    private static final List<String> CDS_OPTIONS = List.of("-Xshare:off", "-Xshare:dump", "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit", "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration", "-XX:AOTCacheOutput",
            "-XX:SharedClassListFile", "-XX:DumpLoadedClassList");

    /** Separates the user's JVM options in the provenance. */
    static final String OPTION_SEPARATOR = "\u001f";

    private final LaunchSettings settings;
    private final JdkProbe.Jdk jdk;
    private final RankCommands commands;
    private final Path runtime;
    private final Duration pilotTime;
    private final int pilotStatus;
    private final LaunchReport report;

    /**
     * {@code runtime}: the JDK home the archive carries, or null; {@code pilotTime} and
     * {@code pilotStatus}: the pilot step's (a command that ends with a status of its own ends the
     * training run with it too).
     */
    JvmCacheTraining(LaunchSettings settings, JdkProbe.Jdk jdk, RankCommands commands, Path runtime,
                     Duration pilotTime, int pilotStatus, LaunchReport report) {
        this.settings = settings;
        this.jdk = jdk;
        this.commands = commands;
        this.runtime = runtime;
        this.pilotTime = pilotTime;
        this.pilotStatus = pilotStatus;
        this.report = report;
    }

    @Override
    public Optional<String> whyNot() {
        Optional<String> skip = reasonNotToTrain(settings, jdk);
        skip.ifPresent(reason -> report.put("jvmCacheTrained", false));
        return skip;
    }

    /**
     * Trains a cache on a node image of {@code untrained}. Empty (with the reason said once) when the
     * training run failed: the archive then simply has no JVM cache.
     */
    @Override
    public Optional<TrainedJvmCache> train(Path untrained) throws IOException, InterruptedException {
        String token = Secret.generate().hex().substring(0, 16);
        Path local = settings.localDir();
        NodeImageLayout image = new NodeImageLayout(local.resolve("fanload-train-" + token));
        Path link = local.resolve("fanload-jvm-" + token);
        String kind = JvmCacheOptions.kindFor(jdk.feature());
        Path out = local.resolve("fanload-train-" + token + (kind.equals(JvmCacheOptions.AOT) ? ".aot" : ".jsa"));
        Path log = settings.cache().resolveSibling(settings.cache().getFileName() + ".jvm-cache.log");
        TrainingClassLoads loads = new TrainingClassLoads(local, "fanload-train-" + token + ".loads");
        long start = System.nanoTime();
        try {
            NodeImages.install(untrained, image);
            Files.createSymbolicLink(link, image.root().toAbsolutePath().normalize());
            NodeImageLayout linked = new NodeImageLayout(link);
            Path java = runtime == null ? null : Path.of(linked.copyOf(runtime.toString())).resolve("bin/java");
            List<String> options = new ArrayList<>(JvmCacheOptions.train(kind, out, jdk.feature()));
            // A JVM that crashes at the cache's dump (JDK 17.0.15 does for PMD 7) writes its report
            // beside the training log, not into the job's working folder as hs_err_pid*.log.
            options.add("-XX:ErrorFile=" + log.resolveSibling(log.getFileName() + ".hs_err_pid%p"));
            options.add(loads.option());
            Set<String> carried;
            Set<String> pilotClasses;
            try (ArchiveReader reader = ArchiveReader.open(untrained)) {
                carried = JobRun.carriedFiles(reader);
                pilotClasses = JvmCacheNames.pilotClasses(reader);
            }
            // As the served ranks will: agent jars from the node's copies, named through the link.
            List<String> argv = commands.carrying(carried, false).withJvmCache(linked, options, false, java);
            Map<String, String> env = new HashMap<>(commands.environment());
            env.put("LD_LIBRARY_PATH", RankJvmOptions.serveEnvironment(linked.libraries(), settings.cache(),
                    settings.environment()).get("LD_LIBRARY_PATH"));
            settings.say("jvm cache: training " + (kind.equals(JvmCacheOptions.AOT) ? "an AOT cache" : "a dynamic AppCDS archive")
                    + " on one more run of the command (output: " + log + ")");
            Duration limit = limit(pilotTime);
            OptionalInt status = run(argv, env, log, limit);
            if (status.isEmpty() || status.getAsInt() != pilotStatus || !Files.isRegularFile(out) || Files.size(out) == 0) {
                report.put("jvmCacheTrained", false);
                String what = status.isEmpty() ? "did not end within " + limit.toSeconds() + " s (stopped)"
                        : ending(status.getAsInt(), pilotStatus, log);
                ServingChecks.warn(settings, report, "jvm cache: the training run " + what + " (its output: " + log
                        + "); the archive carries no JVM cache");
                Files.deleteIfExists(out);
                return Optional.empty();
            }
            Files.deleteIfExists(log);
            double seconds = (System.nanoTime() - start) / 1e9;
            report.put("jvmCacheTrained", true);
            report.put("jvmCacheTrainingSeconds", Math.round(seconds * 100) / 100.0);
            settings.say(String.format(Locale.ROOT, "jvm cache: trained %s in %.1f s", Sizes.bytes(Files.size(out)), seconds));
            Map<String, String> provenance = new HashMap<>();
            provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_KIND, kind);
            provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_LINK, link.toAbsolutePath().normalize().toString());
            provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_JDK, jdk.build());
            provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_OPTIONS,
                    String.join(OPTION_SEPARATOR, settings.command().jvmOptions()));
            provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_RUNTIME, Boolean.toString(runtime != null));
            String beyond = loads.beyond(pilotClasses, List.of(image.root(), link));
            if (!beyond.isEmpty()) {
                provenance.put(ArchiveFormat.PROVENANCE_JVM_CACHE_CLASSES, beyond);
            }
            return Optional.of(new TrainedJvmCache(out, provenance));
        } finally {
            loads.remove();
            Files.deleteIfExists(link);
            NodeDirectory.remove(image.root());
        }
    }

    /** Why no cache can be trained for this command, or empty. */
    static Optional<String> reasonNotToTrain(LaunchSettings settings, JdkProbe.Jdk jdk) {
        if (settings.jvmCache() == JvmCacheModes.Training.OFF) {
            return Optional.of("--jvm-cache off");
        }
        if (jdk.feature() < 17) {
            return Optional.of("JDK " + jdk.feature() + " is older than 17");
        }
        for (String option : settings.command().jvmOptions()) {
            if (CDS_OPTIONS.stream().anyMatch(option::startsWith)) {
                return Optional.of("the JVM option " + option + " manages the JVM's class data sharing itself");
            }
            // JDK 17-24's dynamic AppCDS dump refuses Java agents (-XX:+AllowArchivingWithJavaAgent is
            // a diagnostic option, for testing); JDK 25's AOT cache takes them.
            if (option.startsWith(AgentJars.OPTION) && !JvmCacheOptions.kindFor(jdk.feature()).equals(JvmCacheOptions.AOT)) {
                return Optional.of("JDK " + jdk.feature() + "'s dynamic AppCDS archive cannot be made with a Java agent ("
                        + option + "); ranks use fanload's loader");
            }
        }
        for (String element : settings.command().classPath()) {
            if (!Files.isRegularFile(Path.of(element))) {
                return Optional.of("the class path element " + element + (Files.exists(Path.of(element))
                        ? " is not a jar" : " does not exist") + " (a trained cache needs every element carried"
                        + " whole; ranks use fanload's loader)");
            }
        }
        return Optional.empty();
    }

    /**
     * How long the training run may take: four times the pilot's step, at least two minutes (a
     * command that waits for peers it does not have, MPI's say, would otherwise hold the pilot).
     */
    static Duration limit(Duration pilotTime) {
        Duration fourTimes = pilotTime.multipliedBy(4);
        return fourTimes.compareTo(MIN_LIMIT) > 0 ? fourTimes : MIN_LIMIT;
    }

    private static final Duration MIN_LIMIT = Duration.ofMinutes(2);

    /**
     * How a training run that gave no cache ended, for launch's one line: a JVM that crashed (JDK 17.0.15
     * does at the dump for PMD 7) says so and names its crash report rather than a bare exit status.
     */
    static String ending(int status, int pilotStatus, Path log) throws IOException {
        String prefix = log.getFileName() + ".hs_err_pid";
        Optional<Path> report;
        try (Stream<Path> beside = Files.list(log.toAbsolutePath().getParent())) {
            report = beside.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
        }
        if (report.isPresent()) {
            return "crashed in the JVM (exit " + status + "; crash report " + report.get() + ")";
        }
        if (status > 128 && status <= 128 + 64) {
            return "was ended by signal " + (status - 128) + " (exit " + status + ")";
        }
        return "exited " + status + (status == pilotStatus ? " without writing a cache" : " (the pilot's ranks: " + pilotStatus + ")");
    }

    /** The run's exit status, or empty when it was stopped at {@code limit}. */
    private static OptionalInt run(List<String> argv, Map<String, String> env, Path log, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue())
                    : OptionalInt.empty();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
