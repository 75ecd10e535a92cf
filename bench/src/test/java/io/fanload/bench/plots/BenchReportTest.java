package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole report from small data files: what the templates make of them, and the errors for bad ones. */
class BenchReportTest {

    private static final String HEADER = "delay_us\trep\tranks\tnodes\tmode\twall_ms\tstatus\tmeta_ops\tall_ops\t"
            + "launch_to_main_ms\tload_ms\tvisit_ms\tcompute_ms\timage_pss_kb\timage_rss_kb\tpss_kb\tdistribution_s\tmisses\t"
            + "checksums\tcpu_ms";

    /** Three repetitions at 300 µs, 1 and 2 ranks: plain 4, 5, 6 s per rank, fanload 8, 9, 10 s. */
    private static Path results(Path dir) throws IOException {
        Path results = Files.createDirectories(dir.resolve("results"));
        List<String> tsv = new ArrayList<>(List.of(HEADER));
        for (int rep = 1; rep <= 3; rep++) {
            for (int ranks = 1; ranks <= 2; ranks++) {
                int plain = (3 + rep) * 1000 * ranks;
                int served = (7 + rep) * 1000;
                tsv.add(String.join("\t", "300", "" + rep, "" + ranks, "" + ranks, "vanilla", "" + plain, "0",
                        "" + 900 * ranks, "" + 1000 * ranks, "900", "2000", "80", "70", "0", "0", "44000", "NA", "NA", "" + ranks, "1500"));
                tsv.add(String.join("\t", "300", "" + rep, "" + ranks, "" + ranks, "fanload", "" + served, "0", "233", "300",
                        "7000", "400", "80", "70", "5800", "5900", "38000", "1.5", "0", "" + ranks, "1200"));
            }
        }
        Files.writeString(results.resolve("contention-pynamic.tsv"), String.join("\n", tsv) + "\n");
        Files.writeString(results.resolve("contention-pynamic.properties"),
                "machine=a test machine\nload_at_start=1.0 2.0 3.0\narchive_bytes=9000000\n");
        Files.writeString(results.resolve("generator-pynamic.properties"),
                "spec=AppSpec[name=pynamic, natives=3, seed=42]\nclasses=7\njars=2\njarBytes=2000000\nwall_s=1.5\n");
        return TreeFiguresTest.results(results, TreeFiguresTest.TSV, TreeFiguresTest.PROPERTIES);
    }

    private static Path docs(Path dir) throws IOException {
        Path docs = Files.createDirectories(dir.resolve("docs/perf"));
        Files.writeString(docs.resolve("tree.md"), "# tree\n\n" + TreeTables.begin("warm") + "\n" + TreeTables.END + "\n\n"
                + TreeTables.begin("cold") + "\n" + TreeTables.END + "\n");
        Files.writeString(docs.resolve("../PERFORMANCE.md"), "# by hand\n\n" + PerformanceSection.BEGIN + "\n"
                + PerformanceSection.END + "\n\nby hand again\n");
        return docs.getParent();
    }

    @Test
    void theGeneratedSectionsRenderFromTheDataFiles(@TempDir Path dir) throws Exception {
        Path docs = docs(dir);
        new BenchReport(results(dir), docs).write();

        String performance = Files.readString(docs.resolve("PERFORMANCE.md"));
        String block = performance.substring(performance.indexOf(PerformanceSection.BEGIN), performance.indexOf(PerformanceSection.END));
        assertTrue(block.contains("(preset `pynamic`: 7 classes in 2 jars, 3 JNI\nlibraries)"), block);
        assertTrue(block.contains("`launch\n--read-cache`, 3 interleaved repetitions, median (min–max):\n\n"
                + "| ranks | plain, 300 µs | fanload, 300 µs | ratio, 300 µs |\n| --- | --- | --- | --- |\n"
                + "| 1 | 5.00 s (4.00 s–6.00 s) | 9.00 s (8.00 s–10.0 s) | 1.80 |\n"
                + "| 2 | 10.0 s (8.00 s–12.0 s) | 9.00 s (8.00 s–10.0 s) | 0.90 |\n\n"
                + "Machine: a test machine; load average at the start 1.0 2.0 3.0 (other engineers' work on the same cores)."
                + " Shared-FS metadata operations: 900 per plain rank against 233 per fanload **job**"), block);
        assertTrue(performance.endsWith(PerformanceSection.END + "\n\nby hand again\n"));

        String bench = Files.readString(docs.resolve("perf/bench.md"));
        assertTrue(bench.contains("timed inside the job from just before the step to its end. Three repetitions,"), bench);
        assertTrue(bench.contains("| Warm agents | 4 | 256 MiB | chain | 2.33 s |"), bench);
        assertTrue(bench.contains("- Not measured here: ranks beyond 2 (2 cores).\n"), bench);
        assertTrue(!bench.contains("{{") && !bench.contains("## 4c."), "no large preset without its runs");
        assertTrue(Files.readString(docs.resolve("perf/tree.md")).contains("| 16 | 256 MiB | 15.457 s (7.20x) | 2.148 s |"));
        assertTrue(Files.size(docs.resolve("plots/broadcast.png")) > 0);
    }

    @Test
    void aMissingOrBrokenDataFileIsOneErrorNamingIt(@TempDir Path dir) throws Exception {
        Path results = results(dir);
        Path docs = docs(dir);
        Path tsv = results.resolve("contention-pynamic.tsv");
        String good = Files.readString(tsv);
        Files.writeString(tsv, good.replaceFirst("\n300\t2\t1\t", "\n300\ttwo\t1\t"));
        IOException e = assertThrows(IOException.class, () -> new BenchReport(results, docs).write());
        assertTrue(e.getMessage().startsWith(tsv + " line 6: "), e.getMessage());

        Files.delete(tsv);
        e = assertThrows(IOException.class, () -> new BenchReport(results, docs).write());
        assertEquals(tsv + ": missing (the contention runs of bench/scripts/contention.sh --preset pynamic)", e.getMessage());

        Files.writeString(tsv, good);
        Files.delete(results.resolve("tree-netns.tsv"));
        e = assertThrows(IOException.class, () -> new BenchReport(results, docs).write());
        assertEquals(results.resolve("tree-netns.tsv") + ": missing (the tree runs of bench/scripts/tree-netns.sh)", e.getMessage());
    }
}
