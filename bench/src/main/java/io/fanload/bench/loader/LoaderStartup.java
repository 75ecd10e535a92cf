package io.fanload.bench.loader;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.loader.FanloadClassLoader;
import io.fanload.hooks.rank.JvmCacheOptions;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.image.NodeImages;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Single-rank start-up: for each application, {@code rounds} interleaved runs of plain
 * {@code java -cp} (local disk), a recording rank and a served rank, to exit (the real command) and
 * to main (a main class that returns at once, first on the same class path); both also for plain
 * {@code java -cp} with a do-nothing {@code java.system.class.loader} ({@link AnyLoader}), the part
 * of a rank's cost that the JVM charges any custom system class loader, and for a served rank started
 * with loader-hooks on {@code -cp} only (the start before {@code RankJvmOptions.loaderPath}). Prints median wall and CPU
 * times, the ratios to plain, and the middle half of the per-round CPU ratios. CPU is the task clock
 * from {@code perf stat} when perf is installed (GNU time's 10 ms steps are ±3 % of a 300 ms run),
 * else GNU time's user + system. Usage: {@code LoaderStartup APPS_DIR WORK_DIR ROUNDS HOOKS_JAR [classic|files|all|jvmcache]}
 * (classic: H2, Nashorn, Rhino; files: Jython, JRuby, Groovy, ecj, which use their class path as files;
 * jvmcache: all seven against a JVM cache trained over the node-local copies, bare and as a served
 * rank with the cache runs it, issue 18; docs/perf/jvm-cache.md), where
 * APPS_DIR holds the jars compat-tests copies (compat-tests/target/apps) and HOOKS_JAR is
 * loader-hooks' jar, the ranks' {@code -cp} (not the shaded benchmarks jar: a rank's class path
 * holds loader-hooks alone).
 */
public final class LoaderStartup {

    private LoaderStartup() {
    }

    /** The "to main" program: returns at once. */
    public static final class Hello {
        private Hello() {
        }

        public static void main(String[] args) {
            System.out.print("");
        }
    }

    /**
     * A system class loader that adds nothing: what setting {@code java.system.class.loader} costs
     * by itself (JDK 17 then gives up CDS's archived module graph and archived app-loader classes).
     */
    public static final class AnyLoader extends ClassLoader {
        public AnyLoader(ClassLoader parent) {
            super(parent);
        }
    }

    private record App(String name, List<Path> classPath, String main, List<String> args) {
    }

    public static void main(String[] args) throws Exception {
        Path apps = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        int rounds = Integer.parseInt(args[2]);
        hooksJar = args.length > 3 ? Path.of(args[3]).toAbsolutePath().toString() : codeSource();
        Path hello = helloJar(work.resolve("hello.jar"));
        Path script = Files.writeString(work.resolve("script.js"), "print('js ' + [3, 1, 2].sort().join(','));\n");
        Path source = Files.writeString(work.resolve("Uses.java"),
                "public class Uses { public static void main(String[] a) { System.out.println(java.util.List.of(1, 2)); } }\n");
        List<App> classic = List.of(
                new App("H2 Shell query", jars(apps, "h2-"), "org.h2.tools.Shell", List.of("-url", "jdbc:h2:mem:b",
                        "-user", "sa", "-sql", "CREATE TABLE T(ID INT); INSERT INTO T VALUES(1),(2); SELECT SUM(ID) FROM T")),
                new App("Nashorn script", jars(apps, "nashorn-core-", "asm-"), "org.openjdk.nashorn.tools.Shell",
                        List.of(script.toString())),
                new App("Rhino script", jars(apps, "rhino-"), "org.mozilla.javascript.tools.shell.Main",
                        List.of(script.toString())));
        // applications that use their class path as files (issue 16): a runtime finding its home
        // through its jar, one reading its library through the loader, a compiler opening its own
        // jar, a compiler handed java.class.path
        List<App> files = List.of(
                new App("Jython", jars(apps, "jython-standalone-"), "org.python.util.jython",
                        List.of("-c", "import json; print(json.dumps([1, 2]))")),
                new App("JRuby", jars(apps, "jruby-complete-"), "org.jruby.Main", List.of("-e", "puts [3, 1, 2].sort.inspect")),
                new App("Groovy", jars(apps, "groovy-4"), "groovy.ui.GroovyMain", List.of("-e", "println([3, 1, 2].sort())")),
                new App("ecj", jars(apps, "ecj-"), "org.eclipse.jdt.internal.compiler.batch.Main",
                        List.of("-17", "-proceedOnError", "-d", "none", source.toString())));
        String set = args.length > 4 ? args[4] : "classic";
        List<App> list = new ArrayList<>(set.equals("files") ? List.of() : classic);
        if (!set.equals("classic")) {
            list.addAll(files);
        }
        jvmCache = set.equals("jvmcache");
        System.out.printf("JDK %s, %d interleaved rounds, median wall ms (ratio to plain), CPU by %s%n",
                System.getProperty("java.version"), rounds, PERF ? "perf stat task-clock" : "GNU time");
        for (App app : list) {
            measure(app, hello, work.resolve(app.name().replace(' ', '-')), rounds);
        }
    }

    private static void measure(App app, Path hello, Path dir, int rounds) throws Exception {
        String classPath = join(app.classPath());
        String helloClassPath = hello + File.pathSeparator + classPath;
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        // one pilot covering both commands, then the image
        run(dir, record(classPath, pilot, app.main(), app.args()));
        run(dir, record(helloClassPath, Files.createDirectories(dir.resolve("pilot-hello")), Hello.class.getName(), List.of()));
        NodeImageLayout image = image(pilot, dir.resolve("archive.fanload"), dir.resolve("node"));
        NodeImageLayout helloImage = image(dir.resolve("pilot-hello"), dir.resolve("hello.fanload"), dir.resolve("node-hello"));
        Map<String, List<Long>> times = new LinkedHashMap<>();
        Map<String, List<Long>> cpu = new LinkedHashMap<>();
        if (jvmCache) {
            measureJvmCache(app, image, dir, rounds, times, cpu);
            report(app, times, cpu);
            return;
        }
        for (int round = 0; round < rounds + 1; round++) { // round 0 warms the page cache
            time(times, cpu, round, "main: plain", dir, plain(helloClassPath, Hello.class.getName(), List.of()));
            time(times, cpu, round, "main: any loader", dir, anyLoader(hello, classPath, Hello.class.getName(), List.of()));
            time(times, cpu, round, "main: record", dir, record(helloClassPath, dir.resolve("pilot-scratch"), Hello.class.getName(), List.of()));
            time(times, cpu, round, "main: served", dir, serve(helloClassPath, helloImage, Hello.class.getName(), List.of()));
            time(times, cpu, round, "main: served -cp", dir, serveFromClassPath(helloClassPath, helloImage, Hello.class.getName(), List.of()));
            time(times, cpu, round, "exit: plain", dir, plain(classPath, app.main(), app.args()));
            time(times, cpu, round, "exit: any loader", dir, anyLoader(hello, classPath, app.main(), app.args()));
            time(times, cpu, round, "exit: record", dir, record(classPath, dir.resolve("pilot-scratch"), app.main(), app.args()));
            time(times, cpu, round, "exit: served", dir, serve(classPath, image, app.main(), app.args()));
            time(times, cpu, round, "exit: served -cp", dir, serveFromClassPath(classPath, image, app.main(), app.args()));
        }
        report(app, times, cpu);
    }

    /**
     * Issue 18's alternatives, to exit: plain {@code java -cp} (local disk), a served rank (fanload's
     * loader), the built-in loader over the node image's class-path copies, and the same with a JVM
     * cache trained on that command at those paths (JDK 25+: an AOT cache, JEP 514's one step;
     * JDK 17-24: a dynamic AppCDS archive), and that with the options a served rank adds to it.
     */
    private static void measureJvmCache(App app, NodeImageLayout image, Path dir, int rounds,
                                        Map<String, List<Long>> times, Map<String, List<Long>> cpu) throws Exception {
        String classPath = join(app.classPath());
        List<String> copies = new ArrayList<>();
        for (Path jar : app.classPath()) {
            copies.add(image.copyOf(jar.toAbsolutePath().toString()));
        }
        String copiesPath = String.join(File.pathSeparator, copies);
        int feature = Runtime.version().feature();
        String kind = JvmCacheOptions.kindFor(feature);
        boolean aot = kind.equals(JvmCacheOptions.AOT);
        Path cache = dir.resolve(aot ? "app.aot" : "app.jsa");
        Files.deleteIfExists(cache);
        run(dir, javaCommand(JvmCacheOptions.train(kind, cache, feature), copiesPath, app.main(), app.args()));
        List<String> useCache = List.of(aot ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache);
        // What a served rank with the cache runs when counters are collected (launch's rank-bootstrap.sh):
        // the cache messages off and the JVM's log of class and library loads, which its counters come from.
        List<String> asServed = new ArrayList<>(JvmCacheOptions.use(kind, cache, feature));
        asServed.add("-Xlog:class+load=debug,library=info:file=" + dir.resolve("rank.loads") + ":none:filecount=0");
        for (int round = 0; round < rounds + 1; round++) { // round 0 warms the page cache
            time(times, cpu, round, "exit: plain", dir, plain(classPath, app.main(), app.args()));
            time(times, cpu, round, "exit: served", dir, serve(classPath, image, app.main(), app.args()));
            time(times, cpu, round, "exit: copies", dir, plain(copiesPath, app.main(), app.args()));
            time(times, cpu, round, "exit: jvm cache", dir, javaCommand(useCache, copiesPath, app.main(), app.args()));
            time(times, cpu, round, "exit: as served", dir, javaCommand(asServed, copiesPath, app.main(), app.args()));
        }
    }

    private static boolean jvmCache;

    private static void report(App app, Map<String, List<Long>> times, Map<String, List<Long>> cpu) {
        System.out.println(app.name());
        long mainPlain = times.containsKey("main: plain") ? median(times.get("main: plain")) : 1;
        long exitPlain = median(times.get("exit: plain"));
        long mainPlainCpu = cpu.containsKey("main: plain") ? median(cpu.get("main: plain")) : 1;
        long exitPlainCpu = median(cpu.get("exit: plain"));
        for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
            long median = median(entry.getValue());
            long cpuMedian = median(cpu.get(entry.getKey()));
            boolean toMain = entry.getKey().startsWith("main");
            List<Long> plainCpu = cpu.get(toMain ? "main: plain" : "exit: plain");
            System.out.printf("  %-17s wall %6d ms (%.2f)   cpu %6d ms (%.2f; rounds %s)%n", entry.getKey(), median,
                    (double) median / (toMain ? mainPlain : exitPlain), cpuMedian,
                    (double) cpuMedian / (toMain ? mainPlainCpu : exitPlainCpu), middleHalf(cpu.get(entry.getKey()), plainCpu));
        }
    }

    private static NodeImageLayout image(Path pilot, Path archive, Path node) throws IOException {
        ArchiveBuilder.build(pilot, archive);
        NodeImageLayout layout = new NodeImageLayout(node);
        NodeImages.prepare(archive, layout);
        return layout;
    }

    private static List<String> plain(String classPath, String main, List<String> args) {
        return javaCommand(List.of(), classPath, main, args);
    }

    private static List<String> anyLoader(Path hello, String classPath, String main, List<String> args) {
        List<String> options = new ArrayList<>(RankJvmOptions.quiet(Runtime.version().feature()));
        options.add("-Djava.system.class.loader=" + AnyLoader.class.getName());
        return javaCommand(options, hello + File.pathSeparator + classPath, main, args);
    }

    private static List<String> record(String classPath, Path pilot, String main, List<String> args) throws IOException {
        Files.createDirectories(pilot);
        return javaCommand(RankJvmOptions.record(Runtime.version().feature(), classPath, pilot, 0),
                RankJvmOptions.loaderPath(hooks()), main, args);
    }

    private static List<String> serve(String classPath, NodeImageLayout image, String main, List<String> args) {
        return javaCommand(RankJvmOptions.serve(Runtime.version().feature(), classPath, image, "", 0, null, false),
                RankJvmOptions.loaderPath(hooks()), main, args);
    }

    /**
     * A served rank with loader-hooks on the application loader's class path only, as ranks were
     * started before 2026-11-22: the side-by-side figure for {@code RankJvmOptions.loaderPath}.
     */
    private static List<String> serveFromClassPath(String classPath, NodeImageLayout image, String main, List<String> args) {
        return javaCommand(RankJvmOptions.serve(Runtime.version().feature(), classPath, image, "", 0, null, false),
                List.of("-cp", hooks()), main, args);
    }

    /** {@code java OPTIONS -cp CLASS_PATH MAIN ARGS} on this JVM's java. */
    private static List<String> javaCommand(List<String> options, String classPath, String main, List<String> args) {
        return javaCommand(options, List.of("-cp", classPath), main, args);
    }

    /** {@code java OPTIONS PATH_OPTIONS MAIN ARGS} on this JVM's java. */
    private static List<String> javaCommand(List<String> options, List<String> pathOptions, String main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(options);
        command.addAll(pathOptions);
        command.add(main);
        command.addAll(args);
        return command;
    }

    /** Wall time measured here; CPU time by perf stat or GNU time, which the child's exit reports. */
    private static void time(Map<String, List<Long>> times, Map<String, List<Long>> cpu, int round, String key, Path dir,
                             List<String> command) throws Exception {
        Path report = dir.resolve("time.txt");
        List<String> timed = new ArrayList<>(PERF
                ? List.of("perf", "stat", "-x,", "-e", "task-clock", "-o", report.toString())
                : List.of("/usr/bin/time", "-f", "%U %S", "-o", report.toString()));
        timed.addAll(command);
        long start = System.nanoTime();
        run(dir, timed);
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = PERF ? taskClockMillis(report) : userSystemMillis(report);
        if (round > 0) {
            times.computeIfAbsent(key, k -> new ArrayList<>()).add(millis);
            cpu.computeIfAbsent(key, k -> new ArrayList<>()).add(cpuMillis);
        }
    }

    private static final boolean PERF = onPath("perf");

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    /** perf stat -x, writes "12.34,msec,task-clock,...". */
    private static long taskClockMillis(Path report) throws IOException {
        for (String line : Files.readAllLines(report)) {
            String[] fields = line.split(",");
            if (fields.length > 2 && fields[2].startsWith("task-clock")) {
                return Math.round(Double.parseDouble(fields[0]));
            }
        }
        throw new IllegalStateException("no task-clock in " + Files.readString(report));
    }

    private static long userSystemMillis(Path report) throws IOException {
        String[] userSystem = Files.readString(report).trim().split("\\s+");
        return Math.round((Double.parseDouble(userSystem[0]) + Double.parseDouble(userSystem[1])) * 1000);
    }

    /** The 25th to 75th percentile of the per-round ratios {@code values[i] / plain[i]}. */
    private static String middleHalf(List<Long> values, List<Long> plain) {
        double[] ratios = new double[values.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (double) values.get(i) / plain.get(i);
        }
        Arrays.sort(ratios);
        return String.format("%.2f-%.2f", ratios[ratios.length / 4], ratios[(3 * ratios.length) / 4]);
    }

    private static void run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("err.txt").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command + " failed: " + Files.readString(dir.resolve("err.txt")));
        }
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String hooksJar;

    private static String hooks() {
        return hooksJar;
    }

    private static String codeSource() {
        try {
            return Path.of(FanloadClassLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> jars(Path apps, String... prefixes) throws IOException {
        try (Stream<Path> files = Files.list(apps)) {
            return files.filter(f -> Arrays.stream(prefixes).anyMatch(p -> f.getFileName().toString().startsWith(p)))
                    .sorted().toList();
        }
    }

    private static String join(List<Path> paths) {
        List<String> parts = new ArrayList<>();
        for (Path path : paths) {
            parts.add(path.toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, parts);
    }

    /** A jar with {@link Hello} and {@link AnyLoader}. */
    private static Path helloJar(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Class<?> type : List.of(Hello.class, AnyLoader.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                try (InputStream in = LoaderStartup.class.getClassLoader().getResourceAsStream(name)) {
                    jarOut.putNextEntry(new JarEntry(name));
                    in.transferTo(jarOut);
                    jarOut.closeEntry();
                }
            }
        }
        return jar;
    }
}
