package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeFiguresTest {

    @Test
    void readsTheOneMibColumnOfTreeMdRows(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("tree.md");
        Files.writeString(md, String.join("\n",
                "| P | S | shape | 256 KiB | 1 MiB | 4 MiB | bound |",
                "| --- | --- | --- | --- | --- | --- | --- |",
                "| 4 | 64 MiB | chain | 2.51 s (4.7x) | 2.12 s (3.9x) | **1.58 s (2.9x)** | 0.537 s |",
                "| 8 | 64 MiB | chain | see raw file | | | 0.537 s |",
                "| 8 | 256 MiB | 4-ary | 12.02 s | 11.98 s | 13.98 s | |", ""));
        List<TreeFigures.Point> points = TreeFigures.read(md);
        assertEquals(3, points.size());
        assertEquals(new TreeFigures.Point(4, 64, "chain", 2.12), points.get(0));
        assertTrue(Double.isNaN(points.get(1).seconds()));
        assertEquals("4-ary", points.get(2).shape());
        assertEquals(11.98, points.get(2).seconds(), 1e-9);
        assertTrue(TreeFigures.read(dir.resolve("absent.md")).isEmpty());
    }
}
