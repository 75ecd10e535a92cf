package io.fanload.launch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Site launchers (their command lines: launcher.LaunchersTest). srun and mpirun run for real in pilot-scripts/e2e/launch-e2e.sh (Slurm test bed,
 * Open MPI); Cray's aprun cannot run without ALPS, so here a stand-in does the part fanload relies
 * on — start -n copies of the program with ALPS_APP_PE set, as aprun does — and launch runs the
 * pilot and the tree through it unchanged.
 */
class SiteLauncherTest {

    @TempDir
    Path dir;

    @Test
    void pilotAndReadCacheThroughAnAprunStandIn() throws Exception {
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path aprun = bin.resolve("aprun");
        Files.writeString(aprun, String.join("\n",
                "#!/usr/bin/env bash",
                "# Stand-in for Cray ALPS aprun: -n RANKS -N PER_NODE PROGRAM...; ranks numbered by ALPS_APP_PE.",
                "set -u; n=1",
                "while [ $# -gt 0 ]; do case $1 in -n) n=$2; shift 2;; -N) shift 2;; *) break;; esac; done",
                "pids=(); for ((pe = 0; pe < n; pe++)); do ALPS_APP_PE=$pe \"$@\" & pids+=($!); done",
                "status=0; for p in \"${pids[@]}\"; do wait $p || status=$?; done; exit $status", ""));
        Files.setPosixFilePermissions(aprun, PosixFilePermissions.fromString("rwxr-xr-x"));

        LaunchProcessTestSupport.Result pilot = app.launch(bin, "--pilot", "--launcher", "aprun", "--cache", "app.fanload",
                "-n", "2", "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(Files.size(dir.resolve("app.fanload")) > 0);
        LaunchProcessTestSupport.Result served = app.launch(bin, "--read-cache", "--launcher", "aprun",
                "--coordinator-host", "127.0.0.1", "--cache", "app.fanload", "-n", "3", "--local-dir", app.shm().toString(),
                "--report", "aprun.json", "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        assertEquals(3, served.out().lines().filter(l -> l.endsWith("hello world")).count(), served.out());
        String report = Files.readString(dir.resolve("aprun.json"));
        assertTrue(report.contains("\"launcher\": \"aprun\"") && report.contains("\"classesFromCache\": 6")
                && report.contains("\"misses\": 0"), report);
        assertTrue(report.contains("\"status\": \"READY\""), report);
        try (var left = Files.list(app.shm())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Path> remaining = left.toList();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                try (var again = Files.list(app.shm())) {
                    remaining = again.toList();
                }
            }
            assertEquals(List.of(), remaining, "the agent removes the node folder and its own");
        }
        LaunchProcessTestSupport.Result failing = app.launch(bin, "--read-cache", "--launcher", "aprun",
                "--coordinator-host", "127.0.0.1", "--cache", "app.fanload", "-n", "3", "--local-dir", app.shm().toString(),
                "--", "java", "-cp", "app.jar", "app.Main", "world", "fail");
        assertEquals(3, failing.code(), "rank 1's status comes back through its node's agent: " + failing.err());

        // Drop-in: fanload in front of the job's own line; ranks and nodes from aprun's -n and -N, a
        // wrapper kept in front of java.
        LaunchProcessTestSupport.Result dropIn = app.launch(bin, "--read-cache", "--coordinator-host", "127.0.0.1",
                "--cache", "app.fanload", "--local-dir", app.shm().toString(), "--report", "drop-in.json",
                "--", "aprun", "-n", "4", "-N", "2", "env", "FANLOAD_TEST_WRAPPED=1", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, dropIn.code(), dropIn.err());
        assertEquals(4, dropIn.out().lines().filter(l -> l.endsWith("hello world")).count(), dropIn.out());
        String dropInReport = Files.readString(dir.resolve("drop-in.json"));
        assertTrue(dropInReport.contains("\"ranks\": 4") && dropInReport.contains("\"nodes\": 2")
                && dropInReport.contains("\"classesFromCache\": 8"), dropInReport);
    }

    /** An aprun stand-in (see above) that exits {@code failed} when any rank failed, as srun does with its own status. */
    private static Path aprunStandIn(Path bin, int failed) throws IOException {
        Path aprun = Files.createDirectories(bin).resolve("aprun");
        Files.writeString(aprun, String.join("\n",
                "#!/usr/bin/env bash",
                "set -u; n=1",
                "while [ $# -gt 0 ]; do case $1 in -n) n=$2; shift 2;; -N) shift 2;; *) break;; esac; done",
                "pids=(); for ((pe = 0; pe < n; pe++)); do ALPS_APP_PE=$pe \"$@\" & pids+=($!); done",
                "status=0; for p in \"${pids[@]}\"; do wait $p || status=" + failed + "; done; exit $status", ""));
        Files.setPosixFilePermissions(aprun, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** A wrapper stand-in named nice (a wrapper launch keeps in front of java) that runs {@code script} first. */
    private static void niceStandIn(Path bin, String script) throws IOException {
        Path nice = bin.resolve("nice");
        Files.writeString(nice, "#!/usr/bin/env bash\n" + script + "\nexec \"$@\"\n");
        Files.setPosixFilePermissions(nice, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Under a site launcher ranks hand their counters and statuses to their node's agent: while the
     * ranks run, nothing of fanload's but the archive is beside the archive and the report (each
     * rank lists both folders as its JVM starts); the counters add up, a failing rank's own status
     * comes back (the launcher says only 1).
     */
    @Test
    void countersAndStatusesTravelThroughTheAgentNotTheSharedFolder() throws Exception {
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        Path bin = aprunStandIn(dir.resolve("bin"), 1);
        Path listings = Files.createDirectories(dir.resolve("listings"));
        Path out = Files.createDirectories(dir.resolve("out"));
        niceStandIn(bin, "ls -A '" + dir + "' '" + out + "' > '" + listings + "'/rank-$ALPS_APP_PE");
        assertEquals(0, app.launch(bin, "--pilot", "--launcher", "aprun", "--cache", "app.fanload", "-n", "2", "--",
                "java", "-cp", "app.jar", "app.Main", "world").code());
        try (var before = Files.list(dir)) {
            assertTrue(before.noneMatch(p -> p.getFileName().toString().contains("counters")));
        }
        LaunchProcessTestSupport.Result failing = app.launch(bin, "--read-cache", "--launcher", "aprun",
                "--coordinator-host", "127.0.0.1", "--cache", "app.fanload", "-n", "3", "--local-dir", app.shm().toString(),
                "--report", "out/failing.json", "--", "nice", "java", "-cp", "app.jar", "app.Main", "world", "exit", "42");
        assertEquals(42, failing.code(), "rank 1's own status, not the launcher's 1: " + failing.err());
        String report = Files.readString(out.resolve("failing.json"));
        assertTrue(report.contains("\"rankExitCode\": 42") && report.contains("\"classesFromCache\": 6")
                && report.contains("\"ranksWithoutCounters\": 0") && report.contains("\"fallbackRanks\": 0"), report);
        for (int rank = 0; rank < 3; rank++) {
            String listing = Files.readString(listings.resolve("rank-" + rank));
            assertFalse(listing.contains("counters") || listing.contains("status"), "rank " + rank + " saw: " + listing);
        }
        try (var after = Files.list(dir)) {
            assertTrue(after.noneMatch(p -> p.getFileName().toString().contains("counters")
                    || p.getFileName().toString().contains("status")), "nothing left beside the archive");
        }
        try (var outAfter = Files.list(out)) {
            assertEquals(List.of(out.resolve("failing.json")), outAfter.toList(), "only the report beside the report");
        }
    }

    /**
     * A node's agent killed while its ranks run (the OOM killer, say): its ranks finish, their counters
     * are lost with it and counted as such, and launch waits for them only briefly.
     */
    @Test
    void aKilledAgentsRanksAreCountedWithoutCounters() throws Exception {
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        Path bin = aprunStandIn(dir.resolve("bin"), 1);
        niceStandIn(bin, "kill -9 \"$(cat \"$FANLOAD_NODE_DIR.agent/pid\")\" 2>/dev/null; sleep 0.5");
        assertEquals(0, app.launch(bin, "--pilot", "--launcher", "aprun", "--cache", "app.fanload", "-n", "2", "--",
                "java", "-cp", "app.jar", "app.Main", "world").code());
        long started = System.nanoTime();
        LaunchProcessTestSupport.Result served = app.launch(bin, "--read-cache", "--launcher", "aprun",
                "--coordinator-host", "127.0.0.1", "--cache", "app.fanload", "-n", "3", "--local-dir", app.shm().toString(),
                "--report", "killed.json", "--", "nice", "java", "-cp", "app.jar", "app.Main", "world");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, served.code(), served.err());
        assertEquals(3, served.out().lines().filter(l -> l.endsWith("hello world")).count(), served.out());
        String report = Files.readString(dir.resolve("killed.json"));
        assertTrue(report.contains("\"ranksWithoutCounters\": 3") && report.contains("\"classesFromCache\": 0"), report);
        assertTrue(seconds < 60, "launch did not wait long for a dead agent: " + seconds + " s");
    }

    /**
     * MPICH's Hydra for real, on this machine: ranks numbered by PMI_RANK, the whole environment
     * passed. Its proxy ends the step only once every rank's PMI socket is closed, so the agent the
     * first rank starts must not hold it (it outlives the rank). Across the test bed's nodes:
     * pilot-scripts/e2e/launch-e2e.sh.
     */
    @Test
    void pilotAndReadCacheThroughMpichHydra() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mpiexec.hydra")),
                "MPICH's Hydra is not installed (pilot-scripts/testbed/install.sh installs it)");
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        LaunchProcessTestSupport.Result pilot = app.launch("--pilot", "--launcher", "mpiexec", "--cache", "app.fanload",
                "-n", "2", "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, pilot.code(), pilot.err());
        LaunchProcessTestSupport.Result served = app.launch("--read-cache", "--launcher", "mpiexec",
                "--coordinator-host", "127.0.0.1", "--cache", "app.fanload", "-n", "3", "--local-dir", app.shm().toString(),
                "--report", "hydra.json", "--", "java", "-cp", "app.jar", "app.Main", "world");
        assertEquals(0, served.code(), served.err());
        for (int rank = 0; rank < 3; rank++) {
            assertTrue(served.out().contains("rank " + rank + ": hello world"), served.out());
        }
        String report = Files.readString(dir.resolve("hydra.json"));
        assertTrue(report.contains("\"launcher\": \"mpiexec\"") && report.contains("\"classesFromCache\": 6")
                && report.contains("\"misses\": 0"), report);
    }
}
