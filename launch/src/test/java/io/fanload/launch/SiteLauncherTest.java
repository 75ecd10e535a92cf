package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Site launchers. srun and mpirun run for real in pilot-scripts/e2e/launch-e2e.sh (Slurm test bed,
 * Open MPI); Cray's aprun cannot run without ALPS, so here a stand-in does the part fanload relies
 * on — start -n copies of the program with ALPS_APP_PE set, as aprun does — and launch runs the
 * pilot and the tree through it unchanged.
 */
class SiteLauncherTest {

    @TempDir
    Path dir;

    @Test
    void launcherCommandLines() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin");
        env.put("FANLOAD_SECRET", "00");
        env.put("OMP_NUM_THREADS", "1");
        List<String> program = List.of("bash", "-c", "x");
        assertEquals(List.of("srun", "--ntasks=16", "--nodes=4", "--kill-on-bad-exit=0", "--mpi=none", "bash", "-c", "x"),
                LauncherCommand.argv(LauncherKind.SRUN, 16, 4, List.of("--mpi=none"), env, program));
        assertEquals(List.of("mpirun", "-np", "4", "-x", "FANLOAD_SECRET", "-x", "OMP_NUM_THREADS", "bash", "-c", "x"),
                LauncherCommand.argv(LauncherKind.MPIRUN, 4, 1, List.of(), env, program),
                "mpirun forwards only the variables it is told to");
        assertEquals(List.of("aprun", "-n", "24000", "-N", "24", "bash", "-c", "x"),
                LauncherCommand.argv(LauncherKind.APRUN, 24000, 1000, List.of(), env, program));
    }

    @Test
    void autoDetectsTheBatchSystem() {
        assertEquals(LauncherKind.SRUN, LauncherKind.AUTO.resolve(Map.of("SLURM_JOB_ID", "7"), p -> false));
        assertEquals(LauncherKind.APRUN, LauncherKind.AUTO.resolve(Map.of("PBS_JOBID", "7.sdb"), "aprun"::equals));
        assertEquals(LauncherKind.LOCAL, LauncherKind.AUTO.resolve(Map.of("PBS_JOBID", "7.sdb"), p -> false));
        assertEquals(LauncherKind.LOCAL, LauncherKind.AUTO.resolve(Map.of(), p -> true));
        assertEquals(LauncherKind.MPIRUN, LauncherKind.MPIRUN.resolve(Map.of("SLURM_JOB_ID", "7"), p -> true));
    }

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
    }
}
