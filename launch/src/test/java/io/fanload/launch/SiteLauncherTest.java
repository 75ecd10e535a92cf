package io.fanload.launch;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(3, failing.code(), "rank 1's status comes back through the status folder: " + failing.err());

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
