package io.fanload.compat;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.loader.FanloadClassLoader;
import io.fanload.hooks.rank.JvmCacheOptions;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.image.NodeImages;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One application taken through fanload's three steps, each in child JVMs of the JDK running the
 * tests: plain {@code java -cp}; a pilot of recording ranks; an archive (cache-writer) expanded into
 * a node-local image; a served rank. Everything the application needs lives under {@code shared},
 * the stand-in for the parallel file system.
 */
final class Pipeline {

    /** Bound on one child JVM: a hung child fails its test instead of hanging the build. */
    private static final long LIMIT_SECONDS = 180;

    /**
     * Given to every child JVM, plain or not: JVMs that start together race for the
     * {@code /tmp/hsperfdata_<user>/<pid>} lock when a pid is reused (pid_max 32768 here), and the
     * loser prints {@code [warning][perf,memops] Cannot use file ... locked by another process} on
     * stdout (JDK-8286030's protocol; seen once in a pilot rank's output). That is the JVM's, with
     * or without fanload, and it would fail a byte-for-byte comparison.
     */
    static final String NO_PERF_FILE = "-XX:+PerfDisableSharedMem";

    record Run(int exit, String out, String err) {
    }

    record Served(Run run, Properties counters, List<String> sharedTouches) {
        long counter(String key) {
            return Long.parseLong(counters.getProperty(key, "-1"));
        }

        /** The missed names the counters list (the first 20 of them). */
        List<String> missedNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; counters.getProperty("missed." + i) != null; i++) {
                names.add(counters.getProperty("missed." + i));
            }
            return names;
        }
    }

    private final Path work;
    private final Path shared;
    private final List<Path> classPath;
    private final String mainClass;
    private final List<String> arguments;
    private final List<String> options = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private UnaryOperator<String> normalize = UnaryOperator.identity();
    private Pattern varyingNames;
    private Path executableJar;
    /** Why the JVM cache may hold none of the application's classes (null: it must hold some). */
    private String cacheMayHoldNone;
    private List<Run> pilotRuns = List.of();
    private NodeImageLayout layout;

    Pipeline(Path work, Path shared, List<Path> classPath, String mainClass, String... arguments) {
        this.work = work;
        this.shared = shared;
        this.classPath = List.copyOf(classPath);
        this.mainClass = mainClass;
        this.arguments = List.of(arguments);
    }

    /**
     * {@code java -jar JAR ARGS}: plain runs exactly that; the pilot and the served rank get what
     * launch makes of it (JavaCommand): the jar alone as the class path (fanload's loader follows its
     * manifest's Class-Path, as the JDK's does), and its Main-Class.
     */
    static Pipeline executableJar(Path work, Path shared, Path jar, String... arguments) throws IOException {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        }
        Attributes main = manifest.getMainAttributes();
        List<Path> classPath = List.of(jar);
        Pipeline pipeline = new Pipeline(work, shared, classPath, main.getValue(Attributes.Name.MAIN_CLASS).trim(), arguments);
        pipeline.executableJar = jar;
        return pipeline;
    }

    /**
     * Names the application may ask for in one run and not in another (log4j2's per-loader probes):
     * the served rank may miss those (each one counted and named), and nothing else.
     */
    Pipeline varyingNames(Pattern names) {
        this.varyingNames = names;
        return this;
    }

    /** A JVM option the user gave (kept in every run). */
    Pipeline option(String option) {
        options.add(option);
        return this;
    }

    /**
     * The JDK archives none of this application's classes, for the reason given (classes of a signed
     * jar are never archived): the rank must still print what plain java prints.
     */
    Pipeline cacheMayHoldNone(String why) {
        this.cacheMayHoldNone = why;
        return this;
    }

    /** An environment variable the user's job has. */
    Pipeline env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** Removes what legitimately differs from run to run (e.g. timings) before outputs are compared. */
    Pipeline normalize(UnaryOperator<String> normalizer) {
        this.normalize = normalizer;
        return this;
    }

    String classPathText() {
        List<String> elements = new ArrayList<>();
        for (Path element : classPath) {
            elements.add(element.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, elements);
    }

    static String hooksClassPath() {
        try {
            return Path.of(FanloadClassLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int feature() {
        return Runtime.version().feature();
    }

    Run plain() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), NO_PERF_FILE));
        command.addAll(options);
        if (executableJar != null) {
            command.addAll(List.of("-jar", executableJar.toAbsolutePath().toString()));
        } else {
            command.addAll(List.of("-cp", classPathText(), mainClass));
        }
        command.addAll(arguments);
        return finish(start("plain", command, environment()), "plain");
    }

    /** Runs {@code ranks} recording ranks at once, as a pilot does, and returns their runs in rank order. */
    List<Run> pilot(int ranks) throws IOException, InterruptedException {
        Path pilotDir = Files.createDirectories(work.resolve("pilot"));
        List<Process> processes = new ArrayList<>();
        for (int rank = 0; rank < ranks; rank++) {
            List<String> command = new ArrayList<>(List.of(java(), NO_PERF_FILE));
            command.addAll(options);
            command.addAll(RankJvmOptions.record(feature(), classPathText(), pilotDir, rank));
            command.addAll(RankJvmOptions.loaderPath(hooksClassPath()));
            command.add(mainClass);
            command.addAll(arguments);
            processes.add(start("pilot-" + rank, command, environment()));
        }
        List<Run> runs = new ArrayList<>();
        for (int rank = 0; rank < ranks; rank++) {
            runs.add(finish(processes.get(rank), "pilot-" + rank));
        }
        pilotRuns = List.copyOf(runs);
        return runs;
    }

    /** The runs of the last pilot, in rank order. */
    List<Run> pilotRuns() {
        return pilotRuns;
    }

    /** The archive of the pilot, expanded into a node-local image (one node, no tree). */
    NodeImageLayout image() throws IOException {
        if (layout == null) {
            Path archive = work.resolve("cache.fanload");
            ArchiveBuilder.build(work.resolve("pilot"), archive);
            layout = new NodeImageLayout(work.resolve("node"));
            NodeImages.prepare(archive, layout);
        }
        return layout;
    }

    /** A served rank; {@code traced} runs it under strace -f and reports calls that named the shared folder. */
    Served serve(String name, boolean strict, boolean traced, Map<String, String> environmentOverride,
                 String... extraArguments) throws IOException, InterruptedException {
        NodeImageLayout image = image();
        Path runDir = work.resolve(name);
        Path counters = Files.createDirectories(runDir).resolve("counters.properties");
        Path trace = runDir.resolve("strace.log");
        List<String> command = new ArrayList<>();
        if (traced) {
            command.addAll(Strace.prefix(trace));
        }
        command.add(java());
        command.add(NO_PERF_FILE);
        command.addAll(options);
        command.addAll(RankJvmOptions.serve(feature(), classPathText(), image, userLibraryPath(), 0, counters, strict));
        command.addAll(RankJvmOptions.loaderPath(hooksClassPath()));
        command.add(mainClass);
        command.addAll(arguments);
        command.addAll(List.of(extraArguments));
        Map<String, String> env = environmentOverride != null ? environmentOverride
                : RankJvmOptions.serveEnvironment(image, environment());
        Run run = finish(start(name, command, env), name);
        Properties properties = new Properties();
        if (Files.exists(counters)) {
            try (Reader in = Files.newBufferedReader(counters, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        List<String> touches = traced ? Strace.touching(trace, shared) : List.of();
        return new Served(run, properties, touches);
    }

    /**
     * The whole check: plain, a pilot of two ranks, then served (under strace when the machine has
     * it): the same exit status and byte-identical (normalised) stdout everywhere, no miss (or, with
     * {@link #varyingNames}, only those, counted and named), nothing touched under the shared folder.
     * The served checks are reported together, so one run shows everything that differs.
     */
    Served checkRecordThenServe() throws IOException, InterruptedException {
        Run plain = plain();
        assertEquals(0, plain.exit(), "plain run failed: " + plain.err());
        String expected = normalize.apply(plain.out());
        List<Run> pilot = pilot(2);
        for (int rank = 0; rank < pilot.size(); rank++) {
            assertEquals(plain.exit(), pilot.get(rank).exit(), "pilot rank " + rank + ": " + pilot.get(rank).err());
            assertEquals(expected, normalize.apply(pilot.get(rank).out()), "pilot rank " + rank + " stdout");
        }
        Served served = Strace.available() ? serve("served", false, true, null) : serveWithSharedMovedAway("served");
        assertAll("served",
                () -> assertEquals(plain.exit(), served.run().exit(), () -> "served exit status; stderr: " + head(served.run().err())),
                () -> assertEquals(expected, normalize.apply(served.run().out()), () -> "served stdout; stderr: " + head(served.run().err())),
                () -> checkMisses(served),
                () -> assertTrue(served.counter("classesFromCache") > 0, () -> "classes served: " + served.counters()),
                () -> assertEquals(0, served.sharedTouches().size(), () -> touchSummary(served.sharedTouches())));
        if (!classPath.stream().allMatch(Files::isRegularFile)) {
            return served; // as launch: a trained cache needs every element a jar (the JDK refuses folders)
        }
        Served cached = serveWithJvmCache("jvm-cache");
        assertAll("served with the trained JVM cache",
                () -> assertEquals(plain.exit(), cached.run().exit(), () -> "exit status; stderr: " + head(cached.run().err())),
                () -> assertEquals(expected, normalize.apply(cached.run().out()), () -> "stdout; stderr: " + head(cached.run().err())),
                () -> assertTrue(cacheMayHoldNone != null || cached.counter("classesFromJvmCache") > 0,
                        () -> "classes from the cache: " + cached.counters()),
                () -> assertEquals(0, cached.sharedTouches().size(), () -> touchSummary(cached.sharedTouches())));
        return served;
    }

    /**
     * A rank started as launch starts one with the pilot's trained JVM cache (--jvm-cache, --serve):
     * the cache trained on this command over the image's copies, reached through a link as on every
     * node, then mapped by a rank of the JDK's own loader (under strace when the machine has it).
     * Its counters: {@code classesFromJvmCache}, application classes the JVM took from the cache.
     */
    Served serveWithJvmCache(String name) throws IOException, InterruptedException {
        NodeImageLayout image = image();
        Path link = work.resolve("jvm-cache-link");
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, image.root().toAbsolutePath());
        }
        NodeImageLayout linked = new NodeImageLayout(link);
        String kind = JvmCacheOptions.kindFor(feature());
        Path cache = work.resolve(kind.equals(JvmCacheOptions.AOT) ? "app.aot" : "app.jsa");
        Map<String, String> env = RankJvmOptions.serveEnvironment(image, environment());
        if (!Files.exists(cache)) {
            Run training = finish(start(name + "-training", cacheRank(JvmCacheOptions.train(kind, cache, feature()), linked, null), env),
                    name + "-training");
            assertTrue(Files.isRegularFile(cache), () -> "the training run wrote no cache: " + head(training.out() + training.err()));
        }
        Path runDir = Files.createDirectories(work.resolve(name));
        Path loads = runDir.resolve("loads.txt");
        List<String> use = new ArrayList<>(JvmCacheOptions.use(kind, cache, feature()));
        use.add("-Xlog:class+load=debug:file=" + loads + ":none:filecount=0");
        Path trace = runDir.resolve("strace.log");
        Run run = finish(start(name, cacheRank(use, linked, Strace.available() ? trace : null), env), name);
        Properties counters = new Properties();
        counters.setProperty("classesFromJvmCache", Long.toString(applicationClassesFromCache(loads)));
        return new Served(run, counters, Strace.available() ? Strace.touching(trace, shared) : List.of());
    }

    private List<String> cacheRank(List<String> cacheOptions, NodeImageLayout linked, Path trace) {
        List<String> command = new ArrayList<>();
        if (trace != null) {
            command.addAll(Strace.prefix(trace));
        }
        command.addAll(List.of(java(), NO_PERF_FILE));
        command.addAll(options);
        List<String> elements = new ArrayList<>();
        for (Path element : classPath) {
            elements.add(element.toAbsolutePath().toString());
        }
        command.addAll(JvmCacheOptions.rank(cacheOptions, linked, elements, userLibraryPath(), false));
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    /** In a {@code class+load=debug} log: classes of the application loader whose source was the cache. */
    private static long applicationClassesFromCache(Path loads) throws IOException {
        long count = 0;
        String source = "";
        for (String line : Files.readAllLines(loads, StandardCharsets.UTF_8)) {
            int at = line.indexOf(" source: ");
            if (at >= 0) {
                source = line.substring(at + " source: ".length());
            } else if (line.startsWith(" klass: ") && line.contains("AppClassLoader") && source.startsWith("shared objects file")) {
                count++;
            }
        }
        return count;
    }

    private void checkMisses(Served served) {
        if (varyingNames == null) {
            assertEquals(0, served.counter("misses"), () -> "misses: " + served.counters());
            return;
        }
        assertEquals(Math.min(20, served.counter("misses")), served.missedNames().size(), () -> "misses: " + served.counters());
        for (String name : served.missedNames()) {
            assertTrue(varyingNames.matcher(name).matches(), () -> "missed '" + name + "', which every run asks for: " + served.counters());
        }
    }

    /** How many calls named the shared folder, and the first few of them. */
    static String touchSummary(List<String> touches) {
        return "the served rank touched the shared folder " + touches.size() + " times, e.g.\n"
                + String.join("\n", touches.subList(0, Math.min(12, touches.size())));
    }

    /** The start of a long stderr (a stack trace names the cause in its first lines). */
    static String head(String text) {
        return text.length() <= 3000 ? text : text.substring(0, 3000) + "\n[... " + (text.length() - 3000) + " more characters]";
    }

    /**
     * Where strace is missing: serve with the shared folder renamed, so that anything the rank
     * still needed from it fails (a weaker check than strace's: a stat of a missing path goes
     * unseen, but no content can come from there).
     */
    Served serveWithSharedMovedAway(String name) throws IOException, InterruptedException {
        image();
        Path away = shared.resolveSibling(shared.getFileName() + ".away");
        Files.move(shared, away);
        try {
            return serve(name, false, false, null);
        } finally {
            Files.move(away, shared);
        }
    }

    /** The application's own java.library.path: the user's option (the last wins), else the JDK's default. */
    private String userLibraryPath() {
        String libraryPath = System.getProperty("java.library.path", "");
        for (String option : options) {
            if (option.startsWith("-Djava.library.path=")) {
                libraryPath = option.substring("-Djava.library.path=".length());
            }
        }
        return libraryPath;
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.putAll(environment);
        return env;
    }

    private Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        Path runDir = Files.createDirectories(work.resolve(name));
        ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile())
                .redirectOutput(runDir.resolve("out.txt").toFile())
                .redirectError(runDir.resolve("err.txt").toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    private Run finish(Process process, String name) throws IOException, InterruptedException {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + ": did not end within " + LIMIT_SECONDS + " s");
        }
        Path runDir = work.resolve(name);
        return new Run(process.exitValue(), Files.readString(runDir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(runDir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
