package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankWatchTest {

    @TempDir
    Path tmp;

    @Test
    void noFolderNoRanks() {
        assertFalse(RankWatch.anyAlive(tmp.resolve("ranks")));
    }

    @Test
    void aLiveRankHoldsTheFolderAndItsEndReleasesIt() throws Exception {
        Path ranks = Files.createDirectory(tmp.resolve("ranks"));
        Files.writeString(ranks.resolve("7"), "not a pid\n");
        assertFalse(RankWatch.anyAlive(ranks));
        Process rank = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(ranks.resolve("0"), rank.pid() + "\n");
            assertTrue(RankWatch.anyAlive(ranks));
        } finally {
            rank.destroyForcibly();
            rank.waitFor(10, TimeUnit.SECONDS);
        }
        assertFalse(RankWatch.anyAlive(ranks));
        long start = System.nanoTime();
        RankWatch.awaitRanks(ranks, Duration.ofMillis(300));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2),
                "the grace counts from the process start: long over in a test JVM");
    }
}
