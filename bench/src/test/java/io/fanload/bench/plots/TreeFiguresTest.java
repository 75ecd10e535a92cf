package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeFiguresTest {

    static final String TSV = String.join("\n",
            "batch\tnodes\tmib\tshape\tchunk_kib\tseconds",
            "warm\t4\t256\tchain\t1024\t2.326",
            "warm\t4\t256\tchain\t1024\t2.409",
            "warm\t4\t256\tchain\t256\t2.540",
            "",
            "cold\t16\t256\tbinary\t1024\t15.457", "");
    static final String PROPERTIES = "batch.warm.section=Warm agents\nbatch.cold.section=Cold\n";

    static Path results(Path dir, String tsv, String properties) throws IOException {
        Files.writeString(dir.resolve("tree-netns.tsv"), tsv);
        Files.writeString(dir.resolve("tree-netns.properties"), properties);
        return dir;
    }

    @Test
    void readsTheRunsByBatchInFileOrderWithTheirSections(@TempDir Path dir) throws Exception {
        List<TreeFigures.Batch> batches = new Results(results(dir, TSV, PROPERTIES)).tree().batches();
        assertEquals(List.of("warm", "cold"), batches.stream().map(TreeFigures.Batch::id).toList());
        assertEquals("Warm agents", batches.get(0).section());
        assertEquals(new TreeFigures.Run("warm", 4, 256, "chain", 1024, "2.326"), batches.get(0).runs().get(0));
        assertEquals(3, batches.get(0).runs().size());
        assertEquals(15.457, batches.get(1).runs().get(0).value(), 1e-9);
    }

    @Test
    void aBrokenLineIsOneErrorNamingTheFileAndTheLine(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("tree-netns.tsv");
        IOException e = assertThrows(IOException.class, () -> new Results(results(dir,
                TSV.replace("2.409", "2.409\textra"), PROPERTIES)).tree());
        assertEquals(tsv + " line 3: 6 tab-separated cells expected, found 7", e.getMessage());
        e = assertThrows(IOException.class, () -> new Results(results(dir, TSV.replace("\t16\t", "\tsixteen\t"),
                PROPERTIES)).tree());
        assertEquals(tsv + " line 6: nodes must be a whole number, not sixteen", e.getMessage());
        e = assertThrows(IOException.class, () -> new Results(results(dir, TSV.replace("seconds", "secs"), PROPERTIES)).tree());
        assertTrue(e.getMessage().startsWith(tsv + " line 1: expected the header"), e.getMessage());
    }

    @Test
    void aBatchWithoutItsSectionAndAMissingFileAreErrors(@TempDir Path dir) throws Exception {
        IOException e = assertThrows(IOException.class, () -> new Results(results(dir, TSV,
                "batch.warm.section=Warm agents\n")).tree());
        assertTrue(e.getMessage().contains("no batch.cold.section"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(IOException.class, () -> new Results(empty).tree());
        assertEquals(empty.resolve("tree-netns.tsv") + ": missing (the tree runs of bench/scripts/tree-netns.sh)", e.getMessage());
    }

    @Test
    void theBoundIsTheLinkTimePlusOneHopPerLevel() {
        assertEquals(0.537, TreeFigures.bound(64L << 20, 4), 5e-4);
        assertEquals(2.148, TreeFigures.bound(256L << 20, 16), 5e-4);
    }
}
