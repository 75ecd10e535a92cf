package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM to a running job: every rank stops, every node-local folder goes, nothing is left. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TerminationTest {

    @TempDir
    Path dir;

    @Test
    void sigtermToLaunchStopsEveryRankAndRemovesTheNodeFolders() throws Exception {
        LaunchProcessTestSupport app = new LaunchProcessTestSupport(dir);
        assertEquals(0, app.launch("--pilot", "--cache", "app.fanload", "--", "java", "-cp", "app.jar", "app.Main", "x").code());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process launch = app.start(out, err, "--read-cache", "--cache", "app.fanload", "-n", "4", "--nodes", "2",
                "--local-dir", app.shm().toString(), "--", "java", "-cp", "app.jar", "app.Main", "x", "sleep");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Files.readString(out).lines().filter(l -> l.startsWith("absent")).count() < 4) {
            assertTrue(launch.isAlive(), Files.readString(err));
            assertTrue(System.nanoTime() < deadline, "ranks did not start: " + Files.readString(err));
            Thread.sleep(100);
        }
        List<ProcessHandle> ranks = launch.descendants().toList();
        assertTrue(ranks.size() >= 4, "4 rank JVMs run under launch: " + ranks);
        assertTrue(nonEmpty(app.shm()), "node folders exist while the job runs");

        launch.destroy(); // SIGTERM, as a batch system's scancel or Ctrl-C sends
        assertTrue(launch.waitFor(30, TimeUnit.SECONDS), "launch ends after SIGTERM");
        for (ProcessHandle rank : ranks) {
            assertTrue(rank.onExit().get(15, TimeUnit.SECONDS) != null && !rank.isAlive(), "rank " + rank.pid() + " stopped");
        }
        try (Stream<Path> left = Files.walk(app.shm())) {
            List<Path> leftover = left.filter(p -> !p.equals(app.shm())).sorted().toList();
            assertEquals(List.of(), leftover, "node-local folders removed; launch said: " + Files.readString(err));
        }
    }

    private static boolean nonEmpty(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        }
    }
}
