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
    void readsOneMibTimesFromBothTableLayouts(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("tree.md");
        Files.writeString(md, String.join("\n",
                "### Warm agents",
                "",
                "| P | S | shape | 256 KiB | 1 MiB | bound |",
                "| --- | --- | --- | --- | --- | --- |",
                "| 4 | 256 MiB | chain | 2.540 s (1.18x) | **2.326 s (1.08x)**, 2.409 s (1.12x) | 2.148 s |",
                "| 4 | 256 MiB | binary | | 4.612 s, 4.627 s (2.15x) | 2.148 s |",
                "",
                "| shape | 256 KiB chunks | 1 MiB chunks |",
                "| --- | --- | --- |",
                "| chain | 2.978 s | 2.946 s |",
                "",
                "### Cold",
                "",
                "| P | S | chain | binary | bound |",
                "| --- | --- | --- | --- | --- |",
                "| 16 | 256 MiB | **10.089 s (4.7x)** | 15.457 s (7.2x) | 2.148 s |",
                "| 8 | 64 MiB | see raw file | 1.878 s | 0.537 s |", ""));
        List<TreeFigures.Point> points = TreeFigures.read(md);
        assertEquals(6, points.size(), points.toString());
        assertEquals(new TreeFigures.Point(4, 256, "chain", 2.326, "Warm agents"), points.get(0));
        assertEquals(4.612, points.get(1).seconds(), 1e-9);
        assertEquals(new TreeFigures.Point(16, 256, "chain", 10.089, "Cold"), points.get(2));
        assertEquals(15.457, points.get(3).seconds(), 1e-9);
        assertTrue(Double.isNaN(points.get(4).seconds()));
        assertEquals("binary", points.get(5).shape());
        assertTrue(TreeFigures.read(dir.resolve("absent.md")).isEmpty());
    }
}
