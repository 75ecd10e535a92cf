package io.fanload.bench.plots;

import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.LustreMachine;
import io.fanload.bench.model.TreeBroadcast;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** §5 of docs/perf/bench.md (broadcast.mustache): the tree runs against the model and the S/B bound. */
final class BroadcastSection {

    private static final int CHUNK = 1 << 20;
    private static final int LARGEST = 4096;

    /** The fastest 1 MiB-chunk run of one (section, P, S, shape). */
    record Point(String section, int nodes, int mib, String shape, double seconds) {
    }

    private final TreeFigures tree;
    private final Calibration.App app;
    private final Path plots;

    BroadcastSection(TreeFigures tree, Calibration.App app, Path plots) {
        this.tree = tree;
        this.app = app;
        this.plots = plots;
    }

    Map<String, Object> values() throws IOException {
        List<Point> measured = points();
        Table t = new Table("docs/perf/tree.md section", "P", "S", "shape", "measured", "model", "bound", "measured / bound",
                "measured / model");
        for (Point p : measured) {
            long bytes = (long) p.mib() << 20;
            double bound = TreeFigures.bound(bytes, p.nodes());
            double model = model(p.nodes(), fanout(p.shape()), bytes);
            t.row(p.section(), p.nodes(), p.mib() + " MiB", p.shape(), Table.seconds(p.seconds()), Table.seconds(model),
                    Table.seconds(bound), Table.ratio(p.seconds() / bound), Table.ratio(p.seconds() / model));
        }
        long bytes = 256L << 20;
        List<Double> x = new ArrayList<>();
        List<Double> model = new ArrayList<>();
        List<Double> chain = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (int p = 2; p <= LARGEST; p *= 2) {
            x.add((double) p);
            model.add(model(p, TreeBroadcast.defaultFanout(p), bytes));
            chain.add(model(p, 1, bytes));
            bounds.add(TreeFigures.bound(bytes, p));
        }
        Chart chart = new Chart("Broadcast of 256 MiB at 1 Gbit/s per node: tree against the S/B bound", "nodes", "seconds",
                true, false)
                .add("bound S/B + ceil(log2 P)·a", Chart.Kind.BOUND, x, bounds)
                .add("model: default shape (chain to 16, binary beyond)", Chart.Kind.MODEL, x, model)
                .add("model: chain", Chart.Kind.MODEL, x, chain);
        for (String shape : List.of("chain", "binary")) {
            TreeMap<Integer, Double> best = new TreeMap<>();
            for (Point p : measured) {
                if (p.shape().equals(shape) && p.mib() == 256) {
                    best.merge(p.nodes(), p.seconds(), Math::min);
                }
            }
            chart.add("measured: " + shape + ", best in docs/perf/tree.md", Chart.Kind.MEASURED,
                    best.keySet().stream().map(Integer::doubleValue).toList(), List.copyOf(best.values()));
        }
        chart.save(plots.resolve("broadcast.png"));
        int last = x.size() - 1;
        return Map.of("table", t.markdown(),
                "defaultToBound", Format.decimals(model.get(last) / bounds.get(last), 2),
                "chainToBound", Format.decimals(chain.get(last) / bounds.get(last), 1),
                "largest", Format.thousands(LARGEST),
                "archiveMb", Format.decimals(app.archiveBytes() / 1e6, 1),
                "treeSeconds", Format.decimals(TreeBroadcast.completion(1000, 2, app.archiveBytes(), CHUNK,
                        LustreMachine.LINK, LustreMachine.HOP, LustreMachine.SOURCE_RATE), 2));
    }

    /** The tree alone (the archive already read) at the test bed's link rate. */
    private static double model(int nodes, int fanout, long bytes) {
        return TreeBroadcast.completion(nodes, fanout, bytes, CHUNK, TreeFigures.LINK_BYTES_PER_S, TreeFigures.HOP_SECONDS,
                Double.POSITIVE_INFINITY);
    }

    private static int fanout(String shape) {
        return shape.equals("chain") ? 1 : 2;
    }

    /** The chains and binary trees with 1 MiB chunks, the fastest run of each, in the order of the file. */
    private List<Point> points() {
        Map<String, Point> best = new LinkedHashMap<>();
        for (TreeFigures.Batch batch : tree.batches()) {
            for (TreeFigures.Run r : batch.runs()) {
                if (r.chunkKib() != CHUNK >> 10 || !(r.shape().equals("chain") || r.shape().equals("binary"))) {
                    continue;
                }
                Point p = new Point(batch.section(), r.nodes(), r.mib(), r.shape(), r.value());
                best.merge(batch.id() + "/" + r.nodes() + "/" + r.mib() + "/" + r.shape(), p,
                        (a, b) -> a.seconds() <= b.seconds() ? a : b);
            }
        }
        return List.copyOf(best.values());
    }
}
