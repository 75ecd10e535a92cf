package io.fanload.launch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * launch --runtime with a real JDK (a copy of the one running this test) in a folder standing for
 * the shared file system: served ranks run the node's copy, with the pilot-trained JVM cache or
 * fanload's loader, and no rank execs, opens or maps anything in the shared one. strace -f over launch and all it starts, counted per process by the
 * test bed's own counter (pilot-scripts/testbed/trace-count.awk).
 */
class RuntimeFromCacheIT {

    /** What a JVM never reads, left out of the copy to keep the test quick (the archive leaves them out too). */
    private static final Set<String> NOT_COPIED = Set.of("jmods", "man", "legal", "include", "docs", "demo", "src.zip");

    @TempDir
    Path dir;

    @Test
    void servedRanksRunTheNodesCopyOfTheRuntimeAndNeverTouchTheSharedOne() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/strace")), "strace (pilot-scripts/testbed/install.sh)");
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        Path jdk = copyOfThisJdk(dir.resolve("pfs/jdk"));
        String java = jdk.resolve("bin/java").toString();

        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--runtime", "cache", "--cache", "app.fanload", "--",
                java, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.err().contains("runtime: the archive carries " + jdk), pilot.err());

        Path trace = dir.resolve("trace.txt");
        List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-y", "-s", "256", "-e", "trace=%file,%process",
                "-o", trace.toString(), app.java(), "-cp", LaunchProcessTestSupport.testClassPath(),
                LaunchCommand.class.getName(), "--read-cache", "--cache", "app.fanload", "-n", "2", "--nodes", "2",
                "--local-dir", app.shm().toString(), "--report", "served.json", "--", java, "-cp", "app.jar", "app.Main", "world"));
        LaunchProcessTestSupport.Result served = app.run(argv, null);
        assertEquals(0, served.code(), served.err());
        assertEquals(2, served.out().lines().filter(l -> l.endsWith("hello world")).count(), served.out());
        String report = Files.readString(dir.resolve("served.json"));
        assertTrue(report.contains("\"runtimeFromCache\": true") && report.contains("\"runtimeRanks\": 2"), report);
        assertTrue(served.err().contains("runtime: 2 of 2 ranks ran their node's copy of the JDK"), served.err());
        // The pilot trained a JVM cache with the carried runtime: one simulated node's rank started with
        // it (the other node, on the same host, found its link held): both kinds of served rank are traced.
        assertTrue(report.contains("\"jvmCacheRanks\": 1") && report.contains("\"jvmCacheLinkHeld\": 1"), report);

        // Every process that touched the shared JDK: only launch itself (its staleness stat of each
        // file) and the probe of the ranks' java that launch runs on the batch host.
        for (String line : touchedUnder(jdk, trace)) {
            assertTrue(line.contains(LaunchCommand.class.getName()) || line.contains("-XshowSettings:properties"),
                    "a rank or an agent touched the shared JDK: " + line);
        }

        LaunchProcessTestSupport.Result system = app.launch("--read-cache", "--runtime", "system", "--cache", "app.fanload",
                "-n", "1", "--local-dir", app.shm().toString(), "--report", "system.json", "--",
                java, "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, system.code(), system.err());
        assertTrue(Files.readString(dir.resolve("system.json")).contains("\"runtimeFromCache\": false"));
        assertTrue(system.err().contains("(--runtime system)"), system.err());
    }

    /** trace-count.awk's lines ("NODE PID CALLS PROGRAM ARGV") of the processes with calls under {@code prefix}. */
    private static List<String> touchedUnder(Path prefix, Path trace) throws IOException, InterruptedException {
        Path awk = Path.of("..", "pilot-scripts", "testbed", "trace-count.awk").toAbsolutePath().normalize();
        Process count = new ProcessBuilder("awk", "-v", "prefix=" + prefix, "-f", awk.toString(), trace.toString())
                .redirectErrorStream(true).start();
        List<String> lines = new String(count.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, count.waitFor(), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).startsWith("total "), String.join("\n", lines));
        return lines.subList(0, lines.size() - 1);
    }

    /** This test's JDK, copied with its links followed (as a site's JDK module on NFS would be). */
    private static Path copyOfThisJdk(Path target) throws IOException {
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        try (Stream<Path> files = Files.walk(home, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : files.toList()) {
                Path relative = home.relativize(file);
                if (relative.toString().isEmpty() || NOT_COPIED.contains(relative.getName(0).toString())
                        || NOT_COPIED.contains(file.getFileName().toString()) || !Files.exists(file)) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        assertTrue(Files.isExecutable(target.resolve("bin/java")) && !Files.isSymbolicLink(target.resolve("lib")),
                "a JDK of its own");
        Assumptions.assumeFalse(Files.isSymbolicLink(target.resolve("bin/java")), "copied, not linked");
        return target;
    }
}
