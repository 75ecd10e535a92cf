package io.fanload.launch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inline bash bootstrap that srun/mpirun/aprun run for every rank (rank-bootstrap.sh), run by
 * real bash with stand-in commands: the first rank on a node starts the agent, and only the first;
 * a rank waits for its node, boundedly, then serves or loads the normal way; a failing rank's
 * status reaches launch.
 */
@Tag("jdk-neutral") // bash and stand-ins, no JVM under test: test-all runs it on JDK 17 only
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RankBootstrapTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private boolean strict;
    private String localRank;
    private String path;

    /**
     * Ends the test's agent stand-in if it still runs (a rank may end while its agent finishes, as
     * the real one does): it writes into the temporary folder JUnit is about to remove.
     */
    @AfterEach
    void stopTheAgent() throws Exception {
        Path pidFile = dir.resolve("node.agent/pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(agent -> {
            agent.descendants().forEach(ProcessHandle::destroyForcibly);
            agent.destroyForcibly();
            agent.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        });
    }

    /** An agent stand-in that makes the node's image ready (as the real one does, in a folder of its own), then lives {@code seconds}. */
    private static String readyAgent(int seconds) {
        return "mkdir -p \"$FANLOAD_NODE_DIR\" && touch \"$FANLOAD_NODE_DIR/READY\"; sleep " + seconds;
    }

    /**
     * An agent stand-in that runs {@code first}, then collects as the real one does (RankCollector):
     * once ranks registered (or left their files) and none is left, copies the node's counters folder to
     * {@code collected/} and marks ranks 0-9 as sent after {@code delay} seconds, then ends.
     */
    private String collectingAgent(String first, double delay) {
        return first + "; a=\"$FANLOAD_NODE_DIR.agent\"; "
                // A rank that fails fast may register and leave between two looks: its files show it.
                + "until [ -n \"$(ls -A \"$a/ranks\" 2>/dev/null)$(ls -A \"$a/counters\" 2>/dev/null)\" ]; do sleep 0.05; done; "
                + "while [ -n \"$(ls -A \"$a/ranks\" 2>/dev/null)\" ]; do sleep 0.05; done; "
                + "mkdir -p '" + dir.resolve("collected") + "' && cp -r \"$a/counters/.\" '" + dir.resolve("collected")
                + "'; sleep " + delay + "; mkdir -p \"$a/sent\" && for r in 0 1 2 3 4 5 6 7 8 9; do touch \"$a/sent/$r\"; done";
    }

    /** Starts one rank: serve and plain are shell commands; {@code agent} the node agent stand-in. */
    private Process start(int rank, String agent, int waitSeconds, String serve, String plain) throws IOException {
        return start(rank, agent, waitSeconds, serve, plain, List.of());
    }

    /** The same, with {@code arguments} after the served command's {@code -cp fanload.jar}, as the application's. */
    private Process start(int rank, String agent, int waitSeconds, String serve, String plain, List<String> arguments)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", JobRun.bootstrapScript(), "fanload-rank"));
        argv.addAll(List.of("sh", "-c", serve, "-cp", "fanload.jar"));
        argv.addAll(arguments);
        argv.add("--fanload-plain--");
        argv.addAll(List.of("sh", "-c", plain));
        ProcessBuilder builder = new ProcessBuilder(argv);
        Map<String, String> env = builder.environment();
        env.put("FANLOAD_NODE_DIR", dir.resolve("node").toString());
        env.put("FANLOAD_AGENT", String.join("\u001f", "sh", "-c", agent));
        env.put("FANLOAD_WAIT_SECONDS", Integer.toString(waitSeconds));
        env.put("FANLOAD_SERVE_LD_LIBRARY_PATH", "/node/lib");
        // As an older launch set it: a folder on the shared file system, which must stay unused.
        env.put("FANLOAD_COUNTERS_DIR", Files.createDirectories(dir.resolve("shared-counters")).toString());
        env.put("SLURM_PROCID", Integer.toString(rank));
        if (strict) {
            env.put("FANLOAD_STRICT", "1");
        }
        if (localRank != null) {
            env.put("FANLOAD_RANK", localRank);
        }
        if (path != null) {
            env.put("PATH", path);
        }
        return builder.start();
    }

    private static Run finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    /**
     * Module systems put their folders, fanload's bin/ among them, ahead on PATH, on the shared file
     * system: each command the bootstrap ran by name was looked up there first, about 14 lookups per
     * such folder per rank. Stand-ins for every command it runs, in a folder ahead on PATH, record
     * each use; the rank's command and the agent still get the user's PATH.
     */
    @Test
    void theBootstrapsOwnCommandsNeverComeFromTheFoldersAheadOnTheUsersPath() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared-bin"));
        Path used = dir.resolve("used");
        for (String name : List.of("mkdir", "rm", "mv", "cat", "date", "stat", "rmdir", "readlink", "head", "awk",
                "ls", "setsid", "touch", "sleep", "cp")) {
            Path stand = shared.resolve(name);
            Files.writeString(stand, "#!/bin/sh\necho " + name + " >> '" + used + "'\nPATH=/usr/bin:/bin exec " + name + " \"$@\"\n");
            stand.toFile().setExecutable(true);
        }
        path = shared + ":" + System.getenv("PATH");
        // The agent names its commands by path (it is a JVM started by path in the real bootstrap).
        String agent = "echo \"$PATH\" > '" + dir.resolve("agent-path") + "'; /bin/sleep 1.3; /bin/mkdir -p \"$FANLOAD_NODE_DIR\""
                + " && /usr/bin/touch \"$FANLOAD_NODE_DIR/READY\"; /bin/sleep 2";
        Run run = finish(start(4, agent, 60, "echo \"served $PATH\"", "echo plain"));
        assertEquals(0, run.code(), run.err());
        assertEquals("served " + path + "\n", run.out());
        assertEquals(path, Files.readString(dir.resolve("agent-path")).trim());
        assertFalse(Files.exists(used), () -> "run from the folder ahead on PATH: " + readOrEmpty(used));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aRankWhoseNodeNeverGetsReadyLoadsTheNormalWayAfterTheBoundedWait() throws Exception {
        long started = System.nanoTime();
        // The agent hangs past the wait: no READY, no FALLBACK verdict.
        Run run = finish(start(3, "sleep 4", 2, "echo served", "echo plain"));
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(0, run.code(), run.err());
        assertEquals("plain\n", run.out());
        assertTrue(run.err().contains("fanload: rank 3 loads the normal way: node not ready after 2 s"), run.err());
        assertTrue(seconds >= 2, "waited its 2 s first: " + seconds);
    }

    @Test
    void aRankStartedBeforeItsNodeIsReadyWaitsThenServesWithItsCountersAndLibraryPath() throws Exception {
        Process rank = start(5, "sleep 3", 60, "echo served \"$0\" \"$@\" LD=$LD_LIBRARY_PATH", "echo plain");
        Thread.sleep(700);
        assertTrue(rank.isAlive(), "waits for its node");
        Files.createFile(Files.createDirectories(dir.resolve("node")).resolve("READY"));
        Run run = finish(rank);
        assertEquals(0, run.code(), run.err());
        // Its counters file goes just before -cp; the node's library folder is the library path.
        assertEquals("served -Dfanload.counters=" + dir.resolve("node.agent/counters/rank-5.properties")
                + " -cp fanload.jar LD=/node/lib\n", run.out());
    }

    @Test
    void theApplicationsOwnCpArgumentGetsNoCountersOption() throws Exception {
        // kotlinc's -cp LIB, after the main class: an application argument, not the JVM's class path.
        Run run = finish(start(2, readyAgent(3), 60, "echo served \"$0\" \"$@\"", "echo plain",
                List.of("Main", "-cp", "lib.jar", "-cp")));
        assertEquals(0, run.code(), run.err());
        assertEquals("served -Dfanload.counters=" + dir.resolve("node.agent/counters/rank-2.properties")
                + " -cp fanload.jar Main -cp lib.jar -cp\n", run.out());
    }

    /**
     * The bootstrap naps on a pipe of its own (no `sleep` process per nap): neither the agent nor the
     * rank's JVM may inherit it. Each stand-in lists its shell's descriptors to its own output (a
     * redirect would show dash's saved copy of stdout); the agent's output is its log.
     */
    @Test
    void theAgentAndTheServedRankInheritNoDescriptorOfTheBootstrap() throws Exception {
        String agent = "ls /proc/$$/fd; cp \"$FANLOAD_NODE_DIR.agent/agent.log\" " + dir.resolve("agent-fds")
                + "; sleep 1; " + readyAgent(2);
        Run run = finish(start(1, agent, 60, "ls /proc/$$/fd", "echo plain"));
        assertEquals("0\n1\n2\n", run.out(), "after a second of naps; " + run.err());
        assertEquals(List.of("0", "1", "2"), Files.readAllLines(dir.resolve("agent-fds")));
    }

    @Test
    void aRankThatLoadsTheNormalWayInheritsNoDescriptorOfTheBootstrap() throws Exception {
        Run run = finish(start(2, "sleep 1; echo 'no room' > \"$FANLOAD_NODE_DIR.agent/FALLBACK\"", 60,
                "echo served", "ls /proc/$$/fd"));
        assertEquals("0\n1\n2\n", run.out(), run.err());
    }

    @Test
    void theAgentsVerdictSendsEveryRankTheNormalWayWithItsReason() throws Exception {
        Run run = finish(start(0, "echo 'no room in /dev/shm' > \"$FANLOAD_NODE_DIR.agent/FALLBACK\"", 60,
                "echo served", "echo plain"));
        assertEquals(0, run.code(), run.err());
        assertEquals("plain\n", run.out());
        assertTrue(run.err().contains("rank 0 loads the normal way: no room in /dev/shm"), run.err());
    }

    /** 24,000 ranks sent the normal way for one reason must not print 24,000 lines: one per node and reason. */
    @Test
    void aNodesRanksSayTheirReasonOnceForTheNode() throws Exception {
        String agent = "sleep 1; echo 'no room in /dev/shm' > \"$FANLOAD_NODE_DIR.agent/FALLBACK\"; sleep 2";
        List<Process> ranks = new ArrayList<>();
        for (int rank = 0; rank < 4; rank++) {
            ranks.add(start(rank, agent, 60, "echo served", "echo plain"));
        }
        int said = 0;
        for (Process p : ranks) {
            Run run = finish(p);
            assertEquals("plain\n", run.out(), run.err());
            said += (int) run.err().lines().filter(l -> l.contains("loads the normal way: no room in /dev/shm")).count();
        }
        assertEquals(1, said, "one line for the node's four ranks");
    }

    @Test
    void underStrictTheVerdictFailsTheRankInsteadOfLoadingTheNormalWay() throws Exception {
        strict = true;
        Run run = finish(start(4, collectingAgent("echo 'no room in /dev/shm' > \"$FANLOAD_NODE_DIR.agent/FALLBACK\"", 0), 60,
                "echo served", "echo plain"));
        assertEquals(75, run.code(), run.err());
        assertEquals("", run.out(), "neither served nor plain");
        assertTrue(run.err().contains("rank 4 cannot be served: no room in /dev/shm; --strict"), run.err());
        assertEquals("75", Files.readString(dir.resolve("collected/rank-4.status")).trim(), "its status reaches its agent");
    }

    @Test
    void theLocalLaunchersRankNumberComesFirst() throws Exception {
        localRank = "6";
        Run run = finish(start(1, "echo 'no room' > \"$FANLOAD_NODE_DIR.agent/FALLBACK\"", 60, "echo served", "echo plain"));
        assertTrue(run.err().contains("rank 6 loads the normal way"), run.err());
    }

    @Test
    void anAgentThatDiesWithoutAVerdictSendsItsRanksTheNormalWayAtOnce() throws Exception {
        // Killed by the OOM killer, say: no READY, no FALLBACK. The ranks must not wait 300 s.
        Run run = finish(start(1, "exit 0", 300, "echo served", "echo plain"));
        assertEquals("plain\n", run.out());
        assertTrue(run.err().matches("(?s).*rank 1 loads the normal way: the node's agent \\(pid \\d+\\) ended without a verdict.*"),
                run.err());
        assertFalse(Files.exists(dir.resolve("node.agent")), "the rank that started the agent removed its folder");
    }

    @Test
    void onlyTheFirstRankOnANodeStartsTheAgent() throws Exception {
        Path starts = dir.resolve("agent-starts");
        String agent = "echo started >> '" + starts + "'; sleep 1; " + readyAgent(2);
        List<Process> ranks = new ArrayList<>();
        for (int rank = 0; rank < 8; rank++) {
            ranks.add(start(rank, agent, 60, "echo served", "echo plain"));
        }
        for (Process p : ranks) {
            Run run = finish(p);
            assertEquals("served\n", run.out(), run.err());
        }
        assertEquals(List.of("started"), Files.readAllLines(starts));
    }

    @Test
    void aFailingRanksStatusGoesToItsAgentAndSucceedingRanksLeaveNoTrace() throws Exception {
        assertEquals(7, finish(start(2, collectingAgent(readyAgent(0), 0), 60, "exit 7", "echo plain")).code());
        assertEquals("7", Files.readString(dir.resolve("collected/rank-2.status")).trim());
        assertEquals(0, finish(start(4, collectingAgent(readyAgent(0), 0), 60, "true", "echo plain")).code());
        assertFalse(Files.exists(dir.resolve("collected/rank-4.status")));
        try (Stream<Path> shared = Files.list(dir.resolve("shared-counters"))) {
            assertEquals(List.of(), shared.toList(), "nothing per rank outside the node-local folder");
        }
    }

    /** A launcher may kill what is left of a step once its last rank ended: the last rank outlives its agent's report. */
    @Test
    void theNodesLastRankEndsOnlyOnceItsAgentSentTheReport() throws Exception {
        Process first = start(0, collectingAgent(readyAgent(0), 1.5), 60, "sleep 0.5", "echo plain");
        Thread.sleep(200); // rank 0 starts the agent
        Process second = start(1, "exit 0", 60, "true", "echo plain");
        Run early = finish(second);
        assertEquals(0, early.code(), early.err());
        assertTrue(first.isAlive(), "rank 0 still runs, so rank 1 did not wait");
        long started = System.nanoTime();
        assertEquals(0, finish(first).code());
        double waited = (System.nanoTime() - started) / 1e9;
        assertTrue(waited >= 1.0, "the last rank waited for its agent's report: " + waited + " s");
        assertTrue(Files.isDirectory(dir.resolve("collected")), "collected before the mark");
    }

    @Test
    void theLastRankDoesNotWaitForAReportFromADeadAgent() throws Exception {
        long started = System.nanoTime();
        Run run = finish(start(3, readyAgent(0), 60, "true", "echo plain"));
        assertEquals(0, run.code(), run.err());
        assertTrue((System.nanoTime() - started) / 1e9 < 5, "no 10 s wait for an agent that ended");
    }
}
