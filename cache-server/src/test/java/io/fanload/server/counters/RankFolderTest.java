package io.fanload.server.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RankFolderTest {

    @TempDir
    Path dir;

    @Test
    void sumsEveryNumericKeyAndKeepsMissedNamesFallbacksAndTheLowestFailingRank() throws Exception {
        Files.writeString(dir.resolve("rank-3.properties"),
                "rank=3\nclassesFromCache=10\nmisses=2\njvmCacheRanks=1\nfallback=false\nmissed.0=a/B.class\nmissed.1=c\\:d\n");
        Files.writeString(dir.resolve("rank-5.properties"), "rank=5\nclassesFromCache=7\nloaderRanks=1\nmissed.0=a/B.class\n");
        Files.writeString(dir.resolve("rank-6.properties"), "rank=6\nfallback=true\nfallbackReason=no room\n");
        Files.writeString(dir.resolve("rank-6.status"), "9\n");
        Files.writeString(dir.resolve("rank-5.status"), "4\n");
        Files.writeString(dir.resolve("rank-7.properties.tmp"), "classesFromCache=1000\n"); // half-written: ignored
        RankTotals t = RankFolder.read(dir, 4);
        assertEquals(4, t.finished());
        assertEquals(3, t.withCounters());
        assertEquals(1, t.fallbackRanks());
        assertEquals(Map.of("classesFromCache", 17L, "misses", 2L, "jvmCacheRanks", 1L, "loaderRanks", 1L), t.sums(),
                "keys nobody here knows are summed too; rank is not a counter");
        assertEquals(Map.of("a/B.class", 2, "c:d", 1), t.missedBy());
        assertEquals(5, t.failingRank());
        assertEquals(4, t.failingStatus());
        assertEquals(java.util.Set.of(3, 5, 6), RankFolder.ranks(dir));
    }

    @Test
    void nodesAddUp() {
        RankTotals a = new RankTotals(2, 2, 0, 7, 3, Map.of("misses", 1L), Map.of("x", 1));
        RankTotals b = new RankTotals(3, 2, 1, 4, 9, Map.of("misses", 2L, "jvmCacheRanks", 2L), Map.of("x", 2, "y", 1));
        TotalsBuilder all = new TotalsBuilder();
        List.of(a, b).forEach(all::add);
        RankTotals t = all.build();
        assertEquals(new RankTotals(5, 4, 1, 4, 9, Map.of("misses", 3L, "jvmCacheRanks", 2L), Map.of("x", 3, "y", 1)), t);
    }

    @Test
    void aMissingFolderIsNoRanks() throws Exception {
        RankTotals t = RankFolder.read(dir.resolve("none"), 2);
        assertEquals(new RankTotals(2, 0, 0, -1, 0, Map.of(), Map.of()), t);
    }
}
