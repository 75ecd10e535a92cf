package io.fanload.launch;

import io.fanload.hooks.source.RankFailure;
import io.fanload.launch.cli.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * launch as a user runs it: a real process, real rank JVMs, the tree over loopback, a real app
 * built here. Outputs are compared with a plain {@code java -cp} run of the same app.
 */
class LaunchProcessTest {

    @TempDir
    Path dir;
    private LaunchProcessTestSupport support;
    private Path app;
    private Path shm;
    private String java;

    /**
     * For the test that compares whole outputs: four JVMs starting together can race for a reused
     * pid's {@code /tmp/hsperfdata} file, and the loser prints a {@code [perf,memops]} warning on
     * stdout, with or without fanload (JDK-8286030's lock; seen once in compat-tests).
     */
    private static final String NO_PERF_FILE = "-XX:+PerfDisableSharedMem";

    @BeforeEach
    void buildApp() throws IOException {
        support = new LaunchProcessTestSupport(dir);
        app = support.app();
        shm = support.shm();
        java = support.java();
    }

    @Test
    void pilotThenReadCacheGivesThePlainOutputFromMemory() throws Exception {
        LaunchProcessTestSupport.Result plain = run(List.of(java, NO_PERF_FILE, "-cp", app.toString(), "app.Main", "world"));
        LaunchProcessTestSupport.Result pilot = launch("--pilot", "--cache", "app.fanload", "-n", "2", "--report", "pilot.json", "--",
                "java", NO_PERF_FILE, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(Files.size(dir.resolve("app.fanload")) > 0);
        assertTrue(Files.readString(dir.resolve("pilot.json")).contains("\"mode\": \"pilot\""));
        assertFalse(Files.exists(dir.resolve("app.fanload.pilot")), "pilot records are removed once merged");

        LaunchProcessTestSupport.Result served = launch("--read-cache", "--serve", "loader", "--cache", "app.fanload", "-n", "4",
                "--nodes", "2", "--local-dir", shm.toString(), "--report", "rc.json", "--", "java", NO_PERF_FILE, "-cp", "app.jar",
                "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        for (int rank = 0; rank < 4; rank++) {
            String expected = plain.out().replace("rank null:", "rank " + rank + ":");
            assertTrue(served.out().contains("rank " + rank + ": hello world\n"), served.out());
            assertEquals(expected.lines().count() * 4, served.out().lines().count());
        }
        assertEquals(sorted(repeat(plain.out(), 4)), sorted(served.out().replaceAll("rank \\d:", "rank null:")));
        String report = Files.readString(dir.resolve("rc.json"));
        assertTrue(report.contains("\"exitCode\": 0"), report);
        assertTrue(report.contains("\"nodes\": 2"), report);
        assertTrue(report.contains("\"classesFromCache\": 8"), report);
        assertTrue(report.contains("\"resourcesFromCache\": 4"), report);
        assertTrue(report.contains("\"misses\": 0"), report);
        assertTrue(report.contains("\"node0\": {") && report.contains("\"node1\": {"), report);
        for (String mark : List.of("joinSeconds", "firstByteSeconds", "lastByteSeconds")) {
            assertEquals(2, report.lines().filter(l -> l.contains("\"" + mark + "\": ")).count(), "per node: " + report);
        }
        assertTrue(served.err().contains("from cache: 8 classes"), served.err());
        assertTrue(served.err().matches("(?s).*nodes in [0-9.]+ s \\([^)]*\\); slowest stage: node node[01] from .* [0-9.]+ s\n.*"),
                served.err());
        try (Stream<Path> left = Files.list(shm)) {
            assertEquals(List.of(), left.toList(), "node-local folders removed at the end");
        }
        // The ranks' java is asked for its version while the archive is checked: its failure still wins.
        assertOneLine(launch("--read-cache", "--cache", "app.fanload", "-n", "1", "--local-dir", shm.toString(), "--",
                dir.resolve("no-jdk/bin/java").toString(), "-cp", "app.jar", "app.Main", "world"), ExitCodes.USAGE,
                "java executable '" + dir.resolve("no-jdk/bin/java") + "' not found");
    }

    @Test
    void aRankExitStatusAndAMissAreReportedAndStrictFailsFast() throws Exception {
        assertEquals(0, launch("--pilot", "--cache", "app.fanload", "--", "java", "-cp", "app.jar", "app.Main", "x").code());
        LaunchProcessTestSupport.Result failing = launch("--read-cache", "--cache", "app.fanload", "-n", "3", "--local-dir", shm.toString(),
                "--", "java", "-cp", "app.jar", "app.Main", "x", "fail");
        assertEquals(3, failing.code(), "the failing rank's status: " + failing.err());

        LaunchProcessTestSupport.Result miss = launch("--read-cache", "--serve", "loader", "--cache", "app.fanload", "-n", "2",
                "--local-dir", shm.toString(), "--report", "miss.json", "--", "java", "-cp", "app.jar", "app.Main", "x", "extra");
        assertEquals(0, miss.code(), miss.err());
        assertEquals(2, miss.out().lines().filter(l -> l.equals("Extra")).count(), "a miss loads the normal way");
        String report = Files.readString(dir.resolve("miss.json"));
        assertTrue(report.contains("\"misses\": 2"), report);
        assertTrue(report.contains("\"sharedFsLoads\": 0") && report.contains("\"missesAbsent\": 0"),
                "the miss was served from the node-local copy of app.jar: " + report);
        assertTrue(report.contains("\"app/Extra.class\": 2"), "named, with the ranks that missed it: " + report);
        assertTrue(miss.err().contains("fanload: most missed: app/Extra.class (2 ranks); 2 found something"), miss.err());

        LaunchProcessTestSupport.Result strict = launch("--read-cache", "--strict", "--cache", "app.fanload", "-n", "1", "--local-dir", shm.toString(),
                "--", "java", "-cp", "app.jar", "app.Main", "x", "extra");
        assertEquals(RankFailure.EXIT_STATUS, strict.code(), strict.err());
        assertTrue(strict.err().contains("app/Extra.class") || strict.err().contains("app.Extra"), strict.err());
    }

    @Test
    void aStaleCacheFollowsThePolicy() throws Exception {
        assertEquals(0, launch("--pilot", "--cache", "app.fanload", "--", "java", "-cp", "app.jar", "app.Main", "x").code());
        Files.setLastModifiedTime(app, FileTime.fromMillis(Files.getLastModifiedTime(app).toMillis() + 60_000));
        LaunchProcessTestSupport.Result fallback = launch("--read-cache", "--cache", "app.fanload", "-n", "2", "--local-dir", shm.toString(),
                "--report", "stale.json", "--", "java", "-cp", "app.jar", "app.Main", "x");
        assertEquals(0, fallback.code(), fallback.err());
        assertEquals(2, fallback.out().lines().filter(l -> l.equals("data from the jar")).count());
        assertTrue(fallback.err().contains("stale cache, every rank loads the normal way"), fallback.err());
        String report = Files.readString(dir.resolve("stale.json"));
        assertTrue(report.contains("\"fallbackRanks\": 2") && report.contains("\"classesFromCache\": 0"), report);

        LaunchProcessTestSupport.Result refused = launch("--read-cache", "--stale", "refuse", "--cache", "app.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--", "java", "-cp", "app.jar", "app.Main", "x");
        assertOneLine(refused, ExitCodes.CACHE_FAILURE, "stale cache");
        assertEquals("", refused.out(), "no rank ran");

        LaunchProcessTestSupport.Result served = launch("--read-cache", "--stale", "serve", "--cache", "app.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--report", "serve.json", "--", "java", "-cp", "app.jar", "app.Main", "x");
        assertEquals(0, served.code(), served.err());
        assertTrue(Files.readString(dir.resolve("serve.json")).contains("\"classesFromCache\": 2"));
    }

    @Test
    void aNodeThatFallsBackIsSaidInOneLineOfLaunchsOwnStyle() throws Exception {
        assertEquals(0, launch("--pilot", "--cache", "app.fanload", "--jvm-cache", "off", "--", "java", "-cp", "app.jar",
                "app.Main", "x").code());
        // Damaged inside app.jar's whole copy (tables and trailer sound): launch starts, the node
        // finds the archive's digest wrong and falls back.
        byte[] archive = Files.readAllBytes(dir.resolve("app.fanload"));
        byte[] jar = Files.readAllBytes(app);
        int at = indexOf(archive, Arrays.copyOf(jar, 64));
        assertTrue(at > 0, "app.jar is carried whole, as it is");
        Arrays.fill(archive, at + 100, at + 116, (byte) 0x5a);
        Files.write(dir.resolve("app.fanload"), archive);
        LaunchProcessTestSupport.Result served = launch("--read-cache", "--cache", "app.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--", "java", "-cp", "app.jar", "app.Main", "x");
        assertEquals(0, served.code(), served.err());
        assertTrue(served.err().contains("\nfanload: node node0 fell back: SHA-256 of the received archive does not match"),
                served.err());
        assertFalse(served.err().lines().anyMatch(line -> line.startsWith("WARNING:") || line.matches("^[A-Z][a-z]{2} \\d.*")),
                "no time-stamped two-line log records: " + served.err());
    }

    @Test
    void aPropertyNamingTheApplicationsHomeOnTheSharedFileSystemIsSaid() throws Exception {
        assertEquals(0, launch("--pilot", "--cache", "app.fanload", "--jvm-cache", "off", "--", "java", "-cp", "app.jar",
                "app.Main", "x").code());
        // As Maven's launcher is started: -Dmaven.home names the folder of the jars it loads itself.
        LaunchProcessTestSupport.Result served = launch("--read-cache", "--cache", "app.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--report", "rc.json", "--", "java", "-Dapp.home=" + dir,
                "-Dapp.conf=conf/app.conf", "-cp", "app.jar", "app.Main", "x");
        assertEquals(0, served.code(), served.err());
        String said = "fanload: warning: the JVM option -Dapp.home=" + dir + " names " + dir + ", which holds files the"
                + " archive carries, on the shared file system";
        assertEquals(1, served.err().lines().filter(l -> l.startsWith(said)).count(), served.err());
        assertTrue(Files.readString(dir.resolve("rc.json")).contains("-Dapp.home="), "in the report's warnings too");
        LaunchProcessTestSupport.Result other = launch("--read-cache", "--cache", "app.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--", "java", "-Dapp.home=" + dir.resolve("elsewhere"), "-cp", "app.jar",
                "app.Main", "x");
        assertFalse(other.err().contains("names"), "a folder of no carried file is not said: " + other.err());
    }

    private static int indexOf(byte[] in, byte[] part) {
        for (int i = 0; i + part.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void badInputIsOneLineAndTheRightStatus() throws Exception {
        assertOneLine(launch("--pilot", "--", "java", "-cp", "app.jar", "app.Main"), ExitCodes.USAGE, "needs --cache");
        assertOneLine(launch("--pilot", "--cache", "x.fanload"), ExitCodes.USAGE, "no java command");
        assertOneLine(launch("--read-cache", "--cache", "x.fanload", "--", "java", "app.Main"), ExitCodes.USAGE, "needs -n");
        LaunchProcessTestSupport.Result both = launch("--pilot", "--read-cache", "--cache", "x");
        assertOneLine(both, ExitCodes.USAGE, "mutually exclusive");
        assertFalse(both.err().contains("Error:"), "launch's name says it is an error: " + both.err());
        assertOneLine(launch("--cache", "x"), ExitCodes.USAGE, "Missing required");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--launcher", "pbs", "--", "java", "M"), ExitCodes.USAGE, "--launcher");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "-n", "2", "--nodes", "3", "--", "java", "M"), ExitCodes.USAGE, "--nodes 3");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--fanout", "0", "--", "java", "M"), ExitCodes.USAGE, "--fanout");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--stale", "maybe", "--", "java", "M"), ExitCodes.USAGE, "--stale");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--runtime", "maybe", "--", "java", "M"), ExitCodes.USAGE, "--runtime");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--threads-per-rank", "lots", "--", "java", "M"), ExitCodes.USAGE, "--threads-per-rank");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--", "python3", "m.py"), ExitCodes.USAGE, "must start with java");
        assertOneLine(launch("--read-cache", "--launcher", "srun", "--port", "70000", "--cache", "x.fanload", "-n", "1",
                "--", "java", "M"), ExitCodes.USAGE, "--port and --agent-port must be between 0 and 65535");
        assertOneLine(launch("--read-cache", "--launcher", "srun", "--agent-port", "-1", "--cache", "x.fanload", "-n", "1",
                "--", "java", "M"), ExitCodes.USAGE, "--port and --agent-port");
        assertOneLine(launch("--read-cache", "--port", "many", "--cache", "x.fanload", "-n", "1", "--", "java", "M"),
                ExitCodes.USAGE, "--port");
        assertOneLine(launch("--read-cache", "--give-up", "10", "--stall-timeout", "20", "--cache", "x.fanload", "-n", "1",
                "--", "java", "M"), ExitCodes.USAGE, "need 1 <= --stall-timeout <= --give-up");
        assertOneLine(launch("--read-cache", "--stall-timeout", "0", "--cache", "x.fanload", "-n", "1", "--", "java", "M"),
                ExitCodes.USAGE, "--stall-timeout");
        assertOneLine(launch("--pilot", "--cache", "nowhere/x.fanload", "--", "java", "M"), ExitCodes.USAGE, "does not exist");
        assertOneLine(launch("--read-cache", "--cache", "x.fanload", "-n", "1", "--local-dir", "/nonexistent-dir", "--", "java", "M"),
                ExitCodes.USAGE, "--local-dir");
        Files.write(dir.resolve("garbage.fanload"), new byte[4096]);
        assertOneLine(launch("--read-cache", "--cache", "garbage.fanload", "-n", "1", "--local-dir", shm.toString(), "--", "java", "M"),
                ExitCodes.CACHE_FAILURE, "wrong magic");
        assertOneLine(launch("--read-cache", "--cache", "missing.fanload", "-n", "1", "--local-dir", shm.toString(), "--", "java", "M"),
                ExitCodes.NO_INPUT, "no such archive: " + dir.resolve("missing.fanload"));
        assertOneLine(launch("--read-cache", "--cache", "missing.fanload", "-n", "1", "--serve", "sometimes", "--local-dir",
                shm.toString(), "--", "java", "M"), ExitCodes.USAGE, "--serve must be auto, loader or cache, not 'sometimes'");
        assertOneLine(launch("--inspect", "missing.fanload"), ExitCodes.NO_INPUT, "no such archive: " + dir.resolve("missing.fanload"));
        assertOneLine(launch("--verify", "missing.fanload"), ExitCodes.NO_INPUT, "no such archive: ");
        assertOneLine(launch("--inspect", "shm"), ExitCodes.NO_INPUT, "not an archive: " + shm + " is a folder");
        assertOneLine(launch("--read-cache", "--cache", "shm", "-n", "1", "--local-dir", shm.toString(), "--", "java", "M"),
                ExitCodes.NO_INPUT, "not an archive: " + shm + " is a folder");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--report", "nowhere/r.json", "--", "java", "M"),
                ExitCodes.USAGE, "--report nowhere/r.json: folder " + dir.resolve("nowhere") + " does not exist");
        Files.writeString(dir.resolve("a-file"), "x");
        assertOneLine(launch("--pilot", "--cache", "x.fanload", "--pilot-dir", "a-file/records", "--", "java", "-cp", "app.jar", "app.Main"),
                ExitCodes.CACHE_FAILURE, "cannot make the pilot folder " + dir.resolve("a-file/records") + ": ");
        LaunchProcessTestSupport.Result inspect = launch("--inspect", "garbage.fanload");
        assertOneLine(inspect, ExitCodes.CACHE_FAILURE, "is damaged");
        assertTrue(inspect.err().contains("wrong magic") && inspect.err().contains("launch --verify "), inspect.err());
        LaunchProcessTestSupport.Result verify = launch("--verify", "garbage.fanload");
        assertEquals(ExitCodes.FAILED, verify.code());
        // read-cache of the same file says it as --inspect does, once, with what to do; the report has it too.
        LaunchProcessTestSupport.Result serve = launch("--read-cache", "--cache", "garbage.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--report", "garbage.json", "--", "java", "-cp", "app.jar", "app.Main");
        assertOneLine(serve, ExitCodes.CACHE_FAILURE, dir.resolve("garbage.fanload") + " is damaged: ");
        assertFalse(serve.err().contains(dir.resolve("garbage.fanload") + ": "), "the path once: " + serve.err());
        assertTrue(serve.err().contains("'--verify' checks every entry"), serve.err());
        assertTrue(Files.readString(dir.resolve("garbage.json")).contains("\"exitCode\": 75"));
        // A job that fails before it starts still leaves the report it was asked for.
        assertOneLine(launch("--read-cache", "--cache", "missing.fanload", "-n", "1", "--local-dir", shm.toString(),
                "--report", "missing.json", "--", "java", "M"), ExitCodes.NO_INPUT, "no such archive: ");
        // Without -n outside an allocation, a wrong value is still what launch says first.
        assertOneLine(launch("--read-cache", "--cache", "missing.fanload", "--stale", "maybe", "--local-dir", shm.toString(),
                "--", "java", "M"), ExitCodes.USAGE, "--stale must be fallback, serve or refuse, not 'maybe'");
        String missing = Files.readString(dir.resolve("missing.json"));
        assertTrue(missing.contains("\"exitCode\": 66") && missing.contains("no such archive: "), missing);
    }

    /** A rank's status passes through unless it is one fanload keeps for itself (64-79): then 79, and the report has it. */
    @Test
    void ranksStatusesAreToldApartFromFanloadsOwn() throws Exception {
        LaunchProcessTestSupport.Result two = launch("--pilot", "--cache", "app.fanload", "-n", "2", "--serve", "loader",
                "--give-up", "60", "--", "java", "-cp", "app.jar", "app.Main", "world", "exit", "2");
        assertEquals(2, two.code(), "a rank's 2 is not a usage error: " + two.err());
        assertTrue(two.err().startsWith("fanload: warning: --serve, --give-up apply to --read-cache only; --pilot ignores them\n"),
                two.err());
        // A status of the command's own after a whole run (a linter's findings): every record is there.
        assertTrue(Files.size(dir.resolve("app.fanload")) > 0, "the archive is written: " + two.err());
        assertTrue(two.err().contains("the pilot's ranks exited with status 2, each after writing its whole record"), two.err());
        Files.delete(dir.resolve("app.fanload"));
        // A rank that stops before its JVM's exit (halt, a signal) recorded too little: no archive.
        LaunchProcessTestSupport.Result halted = launch("--pilot", "--cache", "app.fanload", "-n", "2", "--",
                "java", "-cp", "app.jar", "app.Main", "world", "halt", "5");
        assertEquals(5, halted.code(), halted.err());
        assertFalse(Files.exists(dir.resolve("app.fanload")), "no archive from a rank without a record: " + halted.err());
        assertTrue(halted.err().contains("no archive written: 1 of 2 ranks left no record"), halted.err());
        assertFalse(Files.exists(dir.resolve("app.fanload.pilot")), "records that make no archive go with their folder");
        // A command that fails before the application runs writes its record too, of nothing.
        LaunchProcessTestSupport.Result noMain = launch("--pilot", "--cache", "app.fanload", "-n", "1", "--",
                "java", "-cp", "app.jar", "app.NoSuchMain");
        assertEquals(1, noMain.code(), noMain.err());
        assertFalse(Files.exists(dir.resolve("app.fanload")), "no archive of a command that never started: " + noMain.err());
        assertTrue(noMain.err().contains("no archive written: the ranks loaded nothing from the class path"), noMain.err());
        assertFalse(noMain.err().contains("fanload: runtime:") || noMain.err().contains("fanload: jvm cache:"),
                "nothing said about an archive that was not written: " + noMain.err());
        assertFalse(Files.exists(dir.resolve("app.fanload.pilot")), "records that make no archive go with their folder");

        LaunchProcessTestSupport.Result reserved = launch("--pilot", "--cache", "app.fanload", "-n", "2", "--report", "p.json", "--",
                "java", "-cp", "app.jar", "app.Main", "world", "exit", "75");
        assertEquals(ExitCodes.RANK_IN_RESERVED, reserved.code(), reserved.err());
        assertTrue(reserved.err().contains("a rank exited 75"), reserved.err());
        assertTrue(Files.readString(dir.resolve("p.json")).contains("\"rankExitCode\": 75"));

        assertEquals(0, launch("--pilot", "--cache", "app.fanload", "-n", "2", "--", "java", "-cp", "app.jar", "app.Main", "w").code());
        LaunchProcessTestSupport.Result served = launch("--read-cache", "--cache", "app.fanload", "-n", "2", "--local-dir",
                shm.toString(), "--report", "rc.json", "--", "java", "-cp", "app.jar", "app.Main", "world", "exit", "64");
        assertEquals(ExitCodes.RANK_IN_RESERVED, served.code(), served.err());
        String report = Files.readString(dir.resolve("rc.json"));
        assertTrue(report.contains("\"rankExitCode\": 64") && report.contains("\"exitCode\": 79"), report);
    }

    private static void assertOneLine(LaunchProcessTestSupport.Result result, int code, String text) {
        assertEquals(code, result.code(), result.err());
        List<String> lines = result.err().lines().filter(l -> !l.startsWith("fanload: ")).toList();
        assertEquals(1, lines.size(), result.err());
        assertTrue(lines.get(0).contains(text), result.err());
        assertFalse(result.err().contains("\tat "), "no stack trace");
    }

    private LaunchProcessTestSupport.Result launch(String... args) throws Exception {
        return support.launch(args);
    }

    private LaunchProcessTestSupport.Result run(List<String> argv) throws Exception {
        return support.run(argv, null);
    }

    private static String repeat(String text, int times) {
        return text.repeat(times);
    }

    private static List<String> sorted(String text) {
        return text.lines().sorted().toList();
    }
}
