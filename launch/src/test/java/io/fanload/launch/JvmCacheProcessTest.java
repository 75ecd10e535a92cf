package io.fanload.launch;

import io.fanload.launch.cli.ExitCodes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pilot-trained JVM cache (launch --jvm-cache, --serve) as a user runs it, on the JDK running
 * the tests (CI runs them on JDK 17, a dynamic AppCDS archive, and on JDK 25, an AOT cache): real
 * launch processes, rank JVMs and agents, a real app built here.
 */
class JvmCacheProcessTest {

    /** Keeps four JVMs that start together from racing for a reused pid's hsperfdata file (LaunchProcessTest). */
    private static final String NO_PERF_FILE = "-XX:+PerfDisableSharedMem";

    @TempDir
    Path dir;
    private LaunchProcessTestSupport app;

    @BeforeEach
    void pilot() throws Exception {
        app = new LaunchProcessTestSupport(dir);
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "app.fanload", "--report", "pilot.json",
                "--local-dir", app.shm().toString(), "--",
                "java", NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        String report = Files.readString(dir.resolve("pilot.json"));
        assertTrue(report.contains("\"jvmCacheTrained\": true"), report);
        assertTrue(pilot.err().contains("jvm cache: trained"), pilot.err());
        assertFalse(pilot.out().contains("AOT") || pilot.out().contains("CDS"), "training output stays out: " + pilot.out());
        try (Stream<Path> left = Files.list(app.shm())) {
            assertEquals(List.of(), left.toList(), "the training image and its link removed");
        }
    }

    @Test
    void ranksStartWithTheTrainedCacheAndPrintWhatPlainJavaPrints() throws Exception {
        LaunchProcessTestSupport.Result plain = app.run(List.of(app.java(), NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world"), null);
        LaunchProcessTestSupport.Result served = serve("--report", "rc.json", "-n", "2", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertEquals(sortedLines(plain.out().replace("rank null:", "rank 0:") + plain.out().replace("rank null:", "rank 1:")),
                sortedLines(served.out()), "what plain java prints, line for line");
        String report = Files.readString(dir.resolve("rc.json"));
        assertTrue(report.contains("\"serve\": \"cache\"") && report.contains("\"jvmCacheRanks\": 2"), report);
        assertTrue(report.contains("\"misses\": 0") && report.contains("\"sharedFsLoads\": 0"), report);
        assertFalse(report.contains("\"classesFromJvmCache\": 0,"), "classes came from the trained cache: " + report);
        assertTrue(served.err().contains("jvm cache: 2 of 2 ranks started with the pilot-trained cache"), served.err());
        try (Stream<Path> left = Files.list(app.shm())) {
            assertEquals(List.of(), left.toList(), "node folder and the cache's link removed at the end");
        }

        LaunchProcessTestSupport.Result miss = serve("--report", "miss.json", "-n", "1", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world", "extra");
        assertEquals(0, miss.code(), miss.err());
        assertTrue(miss.out().contains("Extra\n"), miss.out());
        String missReport = Files.readString(dir.resolve("miss.json"));
        assertTrue(missReport.contains("\"misses\": 1") && missReport.contains("\"app/Extra.class\": 1"),
                "a class the trained cache lacks is a named miss: " + missReport);
        assertTrue(missReport.contains("\"sharedFsLoads\": 0"), "answered from the node's copy: " + missReport);
    }

    /**
     * A JVM that a rank starts with the rank's own options (JMH's forks) logs its loads as the rank
     * does. Both logged into one file, which the fork truncated: the rank's own loads before the
     * fork were lost to NUL-filled holes (app.Main and app.Helper here: 3 app classes counted, not 5).
     */
    @Test
    void aJvmThatARankStartsWithItsOwnOptionsAddsItsLoadsToTheRanks() throws Exception {
        LaunchProcessTestSupport.Result served = serve("--report", "fork.json", "-n", "1", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world", "fork");
        assertEquals(0, served.code(), served.err());
        assertTrue(served.out().contains("Extra\nfork exited 0\n"), served.out());
        String report = Files.readString(dir.resolve("fork.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1"), report);
        assertTrue(report.contains("\"classesFromCache\": 5,"), "Main and Helper twice, Extra once: " + report);
        assertTrue(report.contains("\"misses\": 1") && report.contains("\"app/Extra.class\": 1"), report);
        try (Stream<Path> left = Files.list(app.shm())) {
            assertEquals(List.of(), left.toList(), "every log removed with the node folder");
        }
    }

    @Test
    void anOperatingSystemLibraryIsNeitherAMissNorASharedLoad() throws Exception {
        // what a JNI library pulls in (RocksDB's libz): local to every node, left out as the loader leaves it out
        Path system = Stream.of("/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1",
                "/usr/lib64/libz.so.1", "/lib64/libz.so.1").map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(system != null, "no libz.so.1 in the system folders");
        LaunchProcessTestSupport.Result served = serve("--report", "sys.json", "-n", "1", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world", "load", system.toString());
        assertEquals(0, served.code(), served.err());
        String report = Files.readString(dir.resolve("sys.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1"), report);
        assertTrue(report.contains("\"misses\": 0") && report.contains("\"sharedFsLoads\": 0"), report);
    }

    /**
     * A library the application maps by its own path from elsewhere (Truffle's copy in the home
     * folder's cache): no class loader sees it. A rank on the cache counted it from the JVM's log;
     * one on fanload's loader counted nothing. Both now say a miss and a shared-file-system load.
     */
    @Test
    void aLibraryLoadedByPathFromElsewhereIsAMissAndASharedLoadOnTheCacheAndTheLoader() throws Exception {
        Path system = Stream.of("/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1",
                "/usr/lib64/libz.so.1", "/lib64/libz.so.1").map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        Assumptions.assumeTrue(system != null, "no libz.so.1 in the system folders");
        Path elsewhere = Files.copy(system, Files.createDirectories(dir.resolve("home-cache")).resolve("libz-copy.so"));
        for (String serve : List.of("cache", "loader")) {
            LaunchProcessTestSupport.Result served = serve("--serve", serve, "--report", serve + ".json", "-n", "1", "--",
                    "java", NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world", "load", elsewhere.toString());
            assertEquals(0, served.code(), served.err());
            String report = Files.readString(dir.resolve(serve + ".json"));
            assertTrue(report.contains("\"misses\": 1") && report.contains("\"sharedFsLoads\": 1")
                    && report.contains("\"" + elsewhere + "\": 1"), serve + ": " + report);
            assertTrue(served.err().contains("a library the application maps by its own path (System.load) is loaded"
                    + " from there, which no cache can redirect"), served.err());
        }
    }

    @Test
    void aJarStartedWithDashJarIsTheWholeClassPathItSeesOnTheCacheAndTheLoader() throws Exception {
        // java -jar boot.jar: its manifest names the main class and app.jar beside it; java.class.path
        // is boot.jar alone, and the JVM follows the Class-Path itself
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "app.jar");
        try (OutputStream raw = Files.newOutputStream(dir.resolve("boot.jar")); JarOutputStream jar = new JarOutputStream(raw, manifest)) {
            jar.flush();
        }
        List<String> command = List.of(NO_PERF_FILE, "-jar", "boot.jar", "world", "cp");
        LaunchProcessTestSupport.Result plain = app.run(List.of(argv(app.java(), command)), null);
        assertTrue(plain.out().contains("class path boot.jar\n"), plain.out());
        LaunchProcessTestSupport.Result pilot = app.launch(argv("--pilot", "--cache", "boot.fanload", "--local-dir",
                app.shm().toString(), "--", "java", command));
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.err().contains("jvm cache: trained"), pilot.err());
        LaunchProcessTestSupport.Result served = app.launch(argv("--read-cache", "--cache", "boot.fanload", "--local-dir",
                app.shm().toString(), "--report", "boot.json", "-n", "2", "--nodes", "2", "--", "java", command));
        assertEquals(0, served.code(), served.err());
        assertEquals(sortedLines(plain.out().replace("rank null:", "rank 0:") + plain.out().replace("rank null:", "rank 1:")),
                sortedLines(served.out()), "what plain java prints, line for line");
        String report = Files.readString(dir.resolve("boot.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1") && report.contains("\"jvmCacheLinkHeld\": 1"),
                "one node on the trained cache, the other on the loader: " + report);
    }

    /** The strings and lists of strings, in order, as one argument vector. */
    private static String[] argv(String first, Object... rest) {
        List<String> argv = new java.util.ArrayList<>(List.of(first));
        for (Object part : rest) {
            if (part instanceof List<?> list) {
                list.forEach(element -> argv.add((String) element));
            } else {
                argv.add((String) part);
            }
        }
        return argv.toArray(String[]::new);
    }

    @Test
    void aCacheThatDoesNotMatchIsLeftOutAndLaunchSaysWhyOnce() throws Exception {
        LaunchProcessTestSupport.Result gc = serve("--report", "gc.json", "-n", "2", "--", "java", NO_PERF_FILE,
                "-XX:+UseSerialGC", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, gc.code(), gc.err());
        assertEquals(2, gc.out().lines().filter(l -> l.endsWith("hello world")).count(), gc.out());
        assertEquals(1, gc.err().lines().filter(l -> l.contains("jvm cache: not used: the JVM options")).count(), gc.err());
        String report = Files.readString(dir.resolve("gc.json"));
        assertTrue(report.contains("\"serve\": \"loader\"") && report.contains("\"jvmCacheRanks\": 0"), report);

        LaunchProcessTestSupport.Result forced = serve("--serve", "cache", "-n", "1", "--", "java", NO_PERF_FILE,
                "-XX:+UseSerialGC", "-cp", "app.jar", "app.Main", "world");
        assertEquals(ExitCodes.CACHE_FAILURE, forced.code(), forced.err());
        assertTrue(forced.err().contains("--serve cache: the JVM options"), forced.err());
        assertEquals("", forced.out(), "no rank started");

        // Another JDK build: a newer one (the app is compiled for the JDK running the tests).
        Path otherJdk = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        Assumptions.assumeTrue(Runtime.version().feature() < 25 && Files.isExecutable(otherJdk), "a newer JDK");
        LaunchProcessTestSupport.Result other = serve("--report", "jdk.json", "-n", "1", "--", otherJdk.toString(),
                NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.out().contains("hello world"), other.out());
        assertTrue(other.err().contains("jvm cache: not used: it was trained on JDK"), other.err());
    }

    @Test
    void theLoaderServesWhenAskedUnderStrictAndWhereAnotherNodeHoldsTheLink() throws Exception {
        LaunchProcessTestSupport.Result loader = serve("--serve", "loader", "--report", "loader.json", "-n", "1", "--", "java",
                NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, loader.code(), loader.err());
        String report = Files.readString(dir.resolve("loader.json"));
        assertTrue(report.contains("\"serve\": \"loader\"") && report.contains("\"resourcesFromCache\": 1"), report);

        LaunchProcessTestSupport.Result strict = serve("--strict", "-n", "1", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world", "extra");
        assertEquals(io.fanload.hooks.source.RankFailure.EXIT_STATUS, strict.code(), "strict stops at the miss: " + strict.err());
        assertTrue(strict.err().contains("jvm cache: not used: --strict"), strict.err());

        // Two simulated nodes on one host: one holds the cache's path, the other's ranks use the loader.
        LaunchProcessTestSupport.Result twoNodes = serve("--report", "two.json", "-n", "2", "--nodes", "2", "--", "java",
                NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, twoNodes.code(), twoNodes.err());
        String two = Files.readString(dir.resolve("two.json"));
        assertTrue(two.contains("\"jvmCacheRanks\": 1") && two.contains("\"jvmCacheLinkHeld\": 1"), two);
        assertTrue(twoNodes.err().contains("1 used fanload's loader: on their host another node"), twoNodes.err());
    }

    @Test
    void aClassMissedOnTheCacheAndByTheLoaderIsOneNameInTheReport() throws Exception {
        // Two simulated nodes on one host: one rank on the cache, one on fanload's loader. Each
        // spelled the class its own way (app.Extra, app/Extra.class): two names of one rank each.
        LaunchProcessTestSupport.Result both = serve("--report", "both.json", "-n", "2", "--nodes", "2", "--", "java",
                NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world", "extra");
        assertEquals(0, both.code(), both.err());
        String report = Files.readString(dir.resolve("both.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1") && report.contains("\"jvmCacheLinkHeld\": 1"), report);
        assertTrue(report.contains("\"misses\": 2") && report.contains("\"app/Extra.class\": 2"), report);
        assertTrue(both.err().contains("most missed: app/Extra.class (2 ranks)"), both.err());
    }

    @Test
    void aDamagedCacheNeverReachesARank() throws Exception {
        // A byte flipped in the middle of the archive (inside the carried cache, the largest part):
        // the node's digest check fails, and every rank loads the normal way.
        Path archive = dir.resolve("app.fanload");
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x5a);
        }
        LaunchProcessTestSupport.Result served = serve("--report", "bad.json", "-n", "2", "--", "java", NO_PERF_FILE,
                "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertEquals(2, served.out().lines().filter(l -> l.endsWith("hello world")).count(), served.out());
        assertTrue(Files.readString(dir.resolve("bad.json")).contains("\"jvmCacheRanks\": 0"));
        assertEquals(1, served.err().lines().filter(l -> l.contains("every node found the archive's bytes unlike its"
                + " SHA-256 digest: the file changed after the pilot wrote it; 'launch --verify FILE'")).count(), served.err());
        assertFalse(served.out().contains("fatal error") || served.err().contains("fatal error"), served.err());
    }

    @Test
    void aCommandThatCannotTrainGivesAnArchiveWithoutACache() throws Exception {
        // The training run has no rank number: this command exits 7 then, as an MPI program without peers might.
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "alone.fanload", "--report", "alone.json",
                "--local-dir", app.shm().toString(), "--", "java", "-cp", "app.jar", "app.Main", "world", "needs-rank");
        assertEquals(0, pilot.code(), pilot.err());
        assertEquals(1, pilot.err().lines().filter(l -> l.contains("jvm cache: the training run exited 7")).count(), pilot.err());
        assertTrue(Files.exists(dir.resolve("alone.fanload.jvm-cache.log")), "its output kept for the user");
        assertTrue(Files.readString(dir.resolve("alone.json")).contains("\"jvmCacheTrained\": false"));
        LaunchProcessTestSupport.Result forced = app.launch("--read-cache", "--serve", "cache", "--cache", "alone.fanload",
                "-n", "1", "--local-dir", app.shm().toString(), "--", "java", "-cp", "app.jar", "app.Main", "world", "needs-rank");
        assertEquals(ExitCodes.CACHE_FAILURE, forced.code(), forced.err());
        assertTrue(forced.err().contains("the archive carries no trained JVM cache"), forced.err());

        LaunchProcessTestSupport.Result own = app.launch("--pilot", "--cache", "own.fanload", "--local-dir", app.shm().toString(),
                "--", "java", "-Xshare:off", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, own.code(), own.err());
        assertTrue(own.err().contains("jvm cache: none trained: the JVM option -Xshare:off"), own.err());

        // java skips a class path element that does not exist; the cache cannot, and says which and why.
        LaunchProcessTestSupport.Result missing = app.launch("--pilot", "--cache", "missing.fanload", "--local-dir",
                app.shm().toString(), "--", "java", "-cp", "app.jar:nope.jar", "app.Main", "world");
        assertEquals(0, missing.code(), missing.err());
        assertTrue(missing.err().contains("jvm cache: none trained: the class path element " + dir.resolve("nope.jar")
                + " does not exist"), missing.err());
    }

    @Test
    void aNodeThatCannotMakeTheCachesPathUsesTheLoaderAndLaunchSaysWhy() throws Exception {
        Path pilotLocal = Files.createDirectories(dir.resolve("pilot-local"));
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "elsewhere.fanload", "--local-dir",
                pilotLocal.toString(), "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        Files.delete(pilotLocal); // the compute nodes have no such folder
        LaunchProcessTestSupport.Result served = app.launch("--read-cache", "--cache", "elsewhere.fanload", "--local-dir",
                app.shm().toString(), "--report", "elsewhere.json", "-n", "1", "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertTrue(served.out().contains("hello world"), served.out());
        assertTrue(Files.readString(dir.resolve("elsewhere.json")).contains("\"jvmCacheNoLink\": 1"));
        assertTrue(served.err().contains("1 used fanload's loader: their node could not make the cache's path "
                + pilotLocal.resolve("fanload-jvm-")), served.err());
    }

    @Test
    void aCacheThatHoldsNoneOfTheApplicationsClassesIsUsedNotRefused() throws Exception {
        // LuaJ (Java 1.3 class files), BeanShell (Java 5) and Janino (signed jars): the JDK puts none of
        // their classes into the cache, but a rank maps it and gets the JDK's classes from it. Counted
        // by classes from the cache alone, such ranks read as refused, blaming the node's CPU or JDK.
        oldClassFilesJar(dir.resolve("old.jar"));
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "old.fanload", "--local-dir",
                app.shm().toString(), "--", "java", NO_PERF_FILE, "-cp", "old.jar", "old.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.err().contains("jvm cache: trained"), pilot.err());
        LaunchProcessTestSupport.Result served = app.launch("--read-cache", "--cache", "old.fanload", "--local-dir",
                app.shm().toString(), "--report", "old.json", "-n", "1", "--", "java", NO_PERF_FILE, "-cp", "old.jar",
                "old.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertEquals("old hello world\n", served.out());
        String report = Files.readString(dir.resolve("old.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1") && report.contains("\"jvmCacheRefused\": 0"), report);
        assertTrue(report.contains("\"classesFromJvmCache\": 0") && report.contains("\"misses\": 0"), report);
        assertFalse(served.err().contains("refused"), served.err());
        assertTrue(served.err().contains("1 of 1 ranks started with the pilot-trained cache (0 classes from it): it holds"
                + " none of the application's classes"), served.err());
    }

    /**
     * A class the application loads but never links (JUnit's console: vintage-engine filters) is
     * verified when the JDK puts it into the cache, which loads the classes its methods are checked
     * against; a rank on the cache loads those again to check it, from the class path when the cache
     * could not hold them (here a Java 5 class file). The pilot never loaded them: five false misses
     * for JUnit on JDK 25 until the training run's loads were listed beside the cache.
     */
    @Test
    void aClassOnlyTheCachesVerificationLoadedIsNoMiss() throws Exception {
        lazyJar(dir.resolve("lazy.jar"));
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "lazy.fanload", "--local-dir",
                app.shm().toString(), "--", "java", NO_PERF_FILE, "-cp", "lazy.jar", "lazy.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.err().contains("jvm cache: trained"), pilot.err());
        LaunchProcessTestSupport.Result served = app.launch("--read-cache", "--cache", "lazy.fanload", "--local-dir",
                app.shm().toString(), "--report", "lazy.json", "-n", "1", "--", "java", NO_PERF_FILE, "-cp", "lazy.jar",
                "lazy.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertEquals("lazy hello world\n", served.out());
        String report = Files.readString(dir.resolve("lazy.json"));
        assertTrue(report.contains("\"jvmCacheRanks\": 1") && report.contains("\"misses\": 0")
                && report.contains("\"sharedFsLoads\": 0"), report);
    }

    @Test
    void aTrainingRunThatCrashesLeavesItsErrorReportBesideItsLogNotInTheJobsFolder() throws Exception {
        // JDK 17.0.15 crashes dumping PMD 7's dynamic archive: its hs_err_pid*.log went into the job's folder.
        crashingJar(dir);
        Path archives = Files.createDirectories(dir.resolve("archives"));
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--cache", "archives/crash.fanload", "--local-dir",
                app.shm().toString(), "--", "java", NO_PERF_FILE, "-cp", "crash.jar", "crash.Main");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.err().matches("(?s).*jvm cache: the training run crashed in the JVM \\(exit 134; crash report "
                + "\\S+/archives/crash\\.fanload\\.jvm-cache\\.log\\.hs_err_pid\\d+\\).*"), pilot.err());
        try (Stream<Path> files = Files.list(archives)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("crash.fanload.jvm-cache.log.hs_err_pid"))
                    .count(), "the report beside the training log");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList(),
                    "nothing in the job's folder");
        }
    }

    /** dir/crash.jar: a main that crashes its JVM (SIGSEGV) without a rank number, as only the training run has. */
    private static void crashingJar(Path dir) throws Exception {
        Path jar = dir.resolve("crash.jar");
        Path src = Files.createDirectories(dir.resolve("crash-src/crash"));
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package crash;",
                "public class Main {",
                "  public static void main(String[] a) throws Exception {",
                "    if (System.getenv(\"FANLOAD_RANK\") != null) return;",
                "    java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField(\"theUnsafe\");",
                "    f.setAccessible(true);",
                "    ((sun.misc.Unsafe) f.get(null)).putAddress(0L, 0L);",
                "  }",
                "}"));
        Path classes = Files.createDirectories(dir.resolve("crash-classes"));
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-nowarn",
                "-d", classes.toString(), src.resolve("Main.java").toString()));
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("crash/Main.class"));
            out.write(Files.readAllBytes(classes.resolve("crash/Main.class")));
            out.closeEntry();
        }
    }

    /**
     * A main that loads lazy.Maker without linking it; Maker's method returns a Square as a Shape,
     * and Square's class file is marked Java 5, which CDS and AOT caches leave out.
     */
    private static void lazyJar(Path jar) throws Exception {
        Path src = Files.createDirectories(jar.resolveSibling("lazy-src/lazy"));
        Files.writeString(src.resolve("Main.java"), "package lazy; public class Main { public static void main(String[] a)"
                + " throws Exception { Class.forName(\"lazy.Maker\", false, Main.class.getClassLoader());"
                + " System.out.println(\"lazy hello \" + a[0]); } }");
        Files.writeString(src.resolve("Maker.java"), "package lazy; public class Maker { static Shape make() { return new Square(); } }");
        Files.writeString(src.resolve("Shape.java"), "package lazy; public class Shape { }");
        Files.writeString(src.resolve("Square.java"), "package lazy; public class Square extends Shape { }");
        Path classes = Files.createDirectories(jar.resolveSibling("lazy-classes"));
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "8",
                "-d", classes.toString(), src.resolve("Main.java").toString(), src.resolve("Maker.java").toString(),
                src.resolve("Shape.java").toString(), src.resolve("Square.java").toString()));
        Path square = classes.resolve("lazy/Square.class");
        byte[] bytes = Files.readAllBytes(square);
        bytes[6] = 0;
        bytes[7] = 49;
        Files.write(square, bytes);
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("Main", "Maker", "Shape", "Square")) {
                out.putNextEntry(new java.util.jar.JarEntry("lazy/" + name + ".class"));
                out.write(Files.readAllBytes(classes.resolve("lazy/" + name + ".class")));
                out.closeEntry();
            }
        }
    }

    /** A jar of class files marked Java 5 (major version 49), which CDS and AOT caches leave out. */
    private static void oldClassFilesJar(Path jar) throws Exception {
        Path src = Files.createDirectories(jar.resolveSibling("old-src/old"));
        Files.writeString(src.resolve("Main.java"), "package old; public class Main { public static void main(String[] a)"
                + " { System.out.println(new StringBuilder(\"old hello \").append(a[0])); } }");
        Path classes = Files.createDirectories(jar.resolveSibling("old-classes"));
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "8",
                "-d", classes.toString(), src.resolve("Main.java").toString()));
        byte[] main = Files.readAllBytes(classes.resolve("old/Main.class"));
        main[6] = 0;
        main[7] = 49; // javac --release 8 emits nothing a Java 5 class file cannot hold for this class
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("old/Main.class"));
            out.write(main);
            out.closeEntry();
        }
    }

    private LaunchProcessTestSupport.Result serve(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("--read-cache", "--cache", "app.fanload", "--local-dir",
                app.shm().toString()));
        argv.addAll(List.of(args));
        return app.launch(argv.toArray(String[]::new));
    }

    /** Ranks print concurrently: their lines, sorted. */
    private static List<String> sortedLines(String out) {
        return out.lines().sorted().toList();
    }
}
