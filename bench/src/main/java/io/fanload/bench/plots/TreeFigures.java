package io.fanload.bench.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The network-namespace tree runs (issue 4's benchmark, bench/scripts/tree-netns.sh, 1 Gbit/s links):
 * {@code bench/results/tree-netns.tsv}, one row per run, and its {@code .properties} with each
 * batch's provenance. docs/perf/tree.md shows them (TreeTables), docs/perf/bench.md §5 compares them
 * with the model.
 * <pre>
 *   batch  nodes  mib  shape  chunk_kib  seconds      (tab-separated, a header line first)
 *   warm   4      256  chain  1024       2.326
 * </pre>
 * {@code seconds} keeps the digits the run printed. The properties give, per batch,
 * {@code batch.ID.section} (the docs/perf/tree.md heading it is shown under), {@code .date},
 * {@code .load} and {@code .command}.
 */
final class TreeFigures {

    static final String NAME = "tree-netns";
    static final List<String> HEADER = List.of("batch", "nodes", "mib", "shape", "chunk_kib", "seconds");
    /** The links' nominal rate (1 Gbit/s) and the per-hop latency assumed by the bound. */
    static final double LINK_BYTES_PER_S = 125e6;
    static final double HOP_SECONDS = 50e-6;

    /** One run: P nodes, S MiB, the tree's shape, its chunk size, the distribution time as printed. */
    record Run(String batch, int nodes, int mib, String shape, int chunkKib, String seconds) {
        double value() {
            return Double.parseDouble(seconds);
        }
    }

    /** A batch of runs, in file order, and the docs/perf/tree.md section it belongs to. */
    record Batch(String id, String section, List<Run> runs) {
    }

    private final List<Batch> batches;

    private TreeFigures(List<Batch> batches) {
        this.batches = List.copyOf(batches);
    }

    List<Batch> batches() {
        return batches;
    }

    /** The bound S/B + ceil(log2 P)·a (DESIGN §8) at the test bed's link rate. */
    static double bound(long bytes, int nodes) {
        return bytes / LINK_BYTES_PER_S + Math.ceil(Math.log(nodes) / Math.log(2)) * HOP_SECONDS;
    }

    static TreeFigures read(Path tsv, Path properties) throws IOException {
        Properties meta = new Properties();
        try (var in = Files.newBufferedReader(properties)) {
            meta.load(in);
        }
        List<String> lines = Files.readAllLines(tsv);
        if (lines.isEmpty() || !List.of(lines.get(0).split("\t")).equals(HEADER)) {
            throw new IOException(tsv + " line 1: expected the header " + String.join("\\t", HEADER));
        }
        Map<String, List<Run>> byBatch = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                Run run = run(tsv, i + 1, lines.get(i));
                byBatch.computeIfAbsent(run.batch(), b -> new ArrayList<>()).add(run);
            }
        }
        List<Batch> out = new ArrayList<>();
        for (Map.Entry<String, List<Run>> e : byBatch.entrySet()) {
            String key = "batch." + e.getKey() + ".section";
            String section = meta.getProperty(key);
            if (section == null) {
                throw new IOException(properties + ": no " + key + " for the runs of batch " + e.getKey() + " in " + tsv);
            }
            out.add(new Batch(e.getKey(), section, e.getValue()));
        }
        return new TreeFigures(out);
    }

    private static int whole(String[] cells, int column) {
        try {
            return Integer.parseInt(cells[column]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HEADER.get(column) + " must be a whole number, not " + cells[column], e);
        }
    }

    private static Run run(Path tsv, int lineNumber, String line) throws IOException {
        String[] c = line.split("\t", -1);
        try {
            if (c.length != HEADER.size()) {
                throw new IllegalArgumentException(HEADER.size() + " tab-separated cells expected, found " + c.length);
            }
            Run run = new Run(c[0], whole(c, 1), whole(c, 2), c[3], whole(c, 4), c[5]);
            if (!(run.value() > 0)) {
                throw new IllegalArgumentException("seconds must be a positive number, not " + c[5]);
            }
            return run;
        } catch (IllegalArgumentException e) {
            throw new IOException(tsv + " line " + lineNumber + ": " + e.getMessage(), e);
        }
    }
}
