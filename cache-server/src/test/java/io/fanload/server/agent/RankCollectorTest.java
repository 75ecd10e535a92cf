package io.fanload.server.agent;

import io.fanload.server.counters.RankTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's side of counters through the tree, over real processes standing for ranks' shells. */
class RankCollectorTest {

    @TempDir
    Path verdict;

    private final List<RankTotals> sent = new ArrayList<>();

    private RankCollector collector() {
        return RankCollector.manual(verdict, t -> {
            sent.add(t);
            return CompletableFuture.completedFuture(true);
        });
    }

    private void register(int rank, long pid) throws Exception {
        Files.writeString(Files.createDirectories(verdict.resolve("ranks")).resolve(Integer.toString(rank)), pid + "\n");
    }

    private void counters(int rank, String text) throws Exception {
        Files.writeString(Files.createDirectories(verdict.resolve("counters")).resolve("rank-" + rank + ".properties"), text);
    }

    @Test
    void reportsOnceEveryRegisteredRankEndedAndMarksThem() throws Exception {
        Process shell = new ProcessBuilder("sleep", "60").start();
        try {
            register(0, ProcessHandle.current().pid()); // alive: this JVM
            register(1, shell.pid());
            counters(1, "rank=1\nclassesFromCache=5\n");
            RankCollector c = collector();
            assertFalse(c.collectOnce(), "ranks still run");
            Files.delete(verdict.resolve("ranks/0")); // rank 0 ended as the bootstrap ends: deregistered
            counters(0, "rank=0\nclassesFromCache=4\n");
            assertFalse(c.collectOnce(), "rank 1's shell still runs");
            shell.destroyForcibly().waitFor(); // rank 1 killed: its registration stays, naming a dead pid
            assertTrue(c.collectOnce());
            assertEquals(1, sent.size());
            assertEquals(2, sent.get(0).finished());
            assertEquals(9L, sent.get(0).sums().get("classesFromCache"));
            assertTrue(Files.exists(verdict.resolve("sent/0")) && Files.exists(verdict.resolve("sent/1")));
            assertFalse(c.collectOnce(), "nothing new: no second report");
        } finally {
            shell.destroyForcibly();
        }
    }

    /**
     * Started as the agent starts it: a still node takes one look a second (a rank's registration,
     * counters or departure wakes it at once), and the report goes out when the last rank leaves.
     */
    @Test
    void aStartedCollectorWaitsOnTheFoldersAndReportsWhenTheLastRankLeaves() throws Exception {
        register(0, ProcessHandle.current().pid());
        CompletableFuture<RankTotals> report = new CompletableFuture<>();
        try (RankCollector c = RankCollector.start(verdict, t -> {
            report.complete(t);
            return CompletableFuture.completedFuture(true);
        })) {
            Thread.sleep(1_500);
            assertTrue(c.looks() <= 3, "a still node is looked at about once a second, not 30 times: " + c.looks());
            counters(0, "rank=0\nclassesFromCache=7\n");
            Files.delete(verdict.resolve("ranks/0"));
            RankTotals totals = report.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(7L, totals.sums().get("classesFromCache"));
            // marked once the report went out, just after the hand-over above
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(verdict.resolve("sent/0")) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.exists(verdict.resolve("sent/0")));
        }
    }

    @Test
    void aRankThatRegistersLateBringsAReportThatReplacesTheFirst() throws Exception {
        counters(0, "rank=0\nmisses=1\n");
        RankCollector c = collector();
        assertTrue(c.collectOnce());
        register(1, ProcessHandle.current().pid());
        assertFalse(c.collectOnce());
        Files.delete(verdict.resolve("ranks/1"));
        Files.writeString(verdict.resolve("counters/rank-1.status"), "3\n");
        assertTrue(c.collectOnce());
        assertEquals(2, sent.size());
        RankTotals last = sent.get(1);
        assertEquals(2, last.finished());
        assertEquals(1, last.failingRank());
        assertEquals(3, last.failingStatus());
    }

    /**
     * The agent closes the collector, then removes the verdict folder: a look still sending (to a
     * coordinator that is gone) must have ended by then, or it makes sent/ there again.
     */
    @Test
    void closeWaitsForALookInProgress() throws Exception {
        counters(0, "rank=0\n");
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        RankCollector c = RankCollector.start(verdict, t -> {
            sending.countDown();
            // Busy as a send is, deaf to the interrupt: the look goes on to mark the ranks as sent.
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return CompletableFuture.completedFuture(false);
        });
        assertTrue(sending.await(10, java.util.concurrent.TimeUnit.SECONDS), "the collector started a report");
        c.close();
        // What an agent does next at its exit: remove the folder, which nothing may fill again.
        try (var files = Files.walk(verdict)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Thread.sleep(600); // past the look's end
        assertFalse(Files.exists(verdict), "nothing was written after close()");
    }

    @Test
    void aRegistrationStillBeingWrittenCountsAsRunning() throws Exception {
        Files.createFile(Files.createDirectories(verdict.resolve("ranks")).resolve("0"));
        assertFalse(collector().collectOnce(), "an empty registration: the shell is writing its pid");
    }
}
