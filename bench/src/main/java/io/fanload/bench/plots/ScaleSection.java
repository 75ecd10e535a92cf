package io.fanload.bench.plots;

import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.ControlPlaneCosts;
import io.fanload.bench.model.LustreMachine;
import io.fanload.bench.model.ProductTimeline;
import io.fanload.bench.model.StartupModel;
import io.fanload.bench.model.StartupParams;
import io.fanload.bench.model.TreeBroadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * docs/perf/scale.md (scale.md.mustache): the control plane at scale (control-plane.tsv from
 * ControlPlaneBench), many ranks on one node (many-ranks.tsv from many-ranks.sh), the product
 * path's timeline when a report is kept (timeline-*.json), and the model at 24,000 ranks (24 per
 * node) and 100,000 (128 per node) with the control plane's costs and the tree shape chosen for it.
 */
final class ScaleSection {

    static final int FULL_WIDTH = 24_000;
    static final int PAPER_WIDTH = 100_000;
    static final int WIDE_NODE = 128;
    /** Fan-outs the model tries for a width not measured (--fanout takes any). */
    static final int MAX_FANOUT = 4;

    private final Rows control;
    private final Rows manyRanks;
    private final ProductTimeline timeline;
    private final String timelineFile;

    private ScaleSection(Rows control, Rows manyRanks, ProductTimeline timeline, String timelineFile) {
        this.control = control;
        this.manyRanks = manyRanks;
        this.timeline = timeline;
        this.timelineFile = timelineFile;
    }

    static ScaleSection read(Path results) throws IOException {
        Path report;
        try (Stream<Path> files = Files.list(results)) {
            report = files.filter(f -> f.getFileName().toString().matches("timeline-.*\\.json")).sorted().reduce((a, b) -> b)
                    .orElse(null);
        }
        return new ScaleSection(Rows.read(results.resolve("control-plane.tsv")), Rows.read(results.resolve("many-ranks.tsv")),
                report == null ? new ProductTimeline(List.of()) : ProductTimeline.read(report),
                report == null ? null : report.getFileName().toString());
    }

    /**
     * The coordinator's loop CPU per agent in the storm, from the widest runs that went well (their
     * median), and the bootstrap's nap; none without runs.
     */
    ControlPlaneCosts costs() {
        List<Map<String, String>> ok = control.rows().stream().filter(r -> "true".equals(r.get("ok"))).toList();
        if (ok.isEmpty()) {
            return ControlPlaneCosts.NONE;
        }
        double widest = ok.stream().mapToDouble(r -> Rows.number(r, "agents")).max().orElseThrow();
        double[] perAgent = ok.stream().filter(r -> Rows.number(r, "agents") == widest)
                .mapToDouble(r -> Rows.number(r, "stormLoopCpuS") / widest).sorted().toArray();
        return new ControlPlaneCosts(perAgent[perAgent.length / 2], ControlPlaneCosts.BOOTSTRAP_NAP);
    }

    /** The model's parameters with the node's prepare time from the product path's timeline, when kept. */
    StartupParams calibrated(StartupParams p) {
        if (timeline.isEmpty()) {
            return p;
        }
        return new StartupParams(p.ranksPerNode(), p.cores(), p.coresShared(), p.mdsServiceSeconds(), p.rttSeconds(),
                p.fixedSeconds(), p.vanillaOpsPerRank(), p.vanillaCpuSeconds(), p.vanillaCoreSeconds(), p.servedOpsPerRank(),
                p.servedCpuSeconds(), p.servedCoreSeconds(), p.launchOps(), p.agentOpsPerNode(), p.agentSeconds(),
                p.archiveBytes(), p.sourceRate(), p.bandwidth(), p.hopLatency(), p.chunkBytes(),
                timeline.medianReadyAfterLastByte(), p.maxEvents());
    }

    Map<String, Object> values(Calibration.App app, Calibration.Fit fit) {
        ControlPlaneCosts costs = costs();
        Map<String, Object> out = new HashMap<>();
        out.put("controlTable", controlTable());
        out.put("perAgentUs", Format.decimals(costs.coordinatorSecondsPerAgent() * 1e6, 0));
        out.put("manyRanksTable", manyRanksTable());
        if (!timeline.isEmpty()) {
            out.put("timeline", Map.of("file", timelineFile, "nodes", timeline.nodes().size(),
                    "readyAfterLastByteMs", Format.decimals(timeline.medianReadyAfterLastByte() * 1e3, 0),
                    "lastFirstByte", Table.seconds(timeline.lastFirstByte()), "lastReady", Table.seconds(timeline.lastReady())));
        }
        StartupParams base = calibrated(LustreMachine.params(app, fit, LustreMachine.BASE_RATE, 0));
        StartupParams wide = base.withRanksPerNode(WIDE_NODE, WIDE_NODE, false);
        out.put("modelTable", modelTable(base, wide, costs));
        out.put("shapesTable", shapesTable(wide));
        return out;
    }

    private String controlTable() {
        Table t = new Table("date", "load average", "agents", "agent JVMs × loops", "last authenticated", "placed: median / last",
                "listen overflows", "coordinator loop CPU in the storm", "per agent", "heap (live) / RSS at placement",
                "descriptors", "lost / orphans re-parented", "all READY but the lost");
        for (Map<String, String> r : control.rows()) {
            double agents = Rows.number(r, "agents");
            t.row(r.get("date"), r.get("load1"), Format.thousands((long) agents), r.get("jvms") + " × " + r.get("loops"),
                    Table.seconds(Rows.number(r, "authMaxMs") / 1e3),
                    Table.seconds(Rows.number(r, "placedP50Ms") / 1e3) + " / " + Table.seconds(Rows.number(r, "placedMaxMs") / 1e3),
                    Format.thousands((long) Rows.number(r, "listenOverflows")), Table.seconds(Rows.number(r, "stormLoopCpuS")),
                    Format.decimals(Rows.number(r, "stormLoopCpuS") / agents * 1e6, 0) + " µs",
                    Format.decimals(Rows.number(r, "heapPlacedMiB"), 1) + " / " + Format.decimals(Rows.number(r, "rssPlacedMiB"), 0) + " MiB",
                    Format.thousands((long) Rows.number(r, "fdsPlaced")), r.get("lost") + " / " + r.get("orphans"),
                    "true".equals(r.get("ok")) ? "yes" : "**no**");
        }
        return control.rows().isEmpty() ? "(no runs yet)" : t.markdown();
    }

    private String manyRanksTable() {
        Table t = new Table("date", "load average", "ranks", "agents started", "waiting ranks' CPU per second",
                "READY to last exec", "READY to main: median / last", "served");
        for (Map<String, String> r : manyRanks.rows()) {
            t.row(r.get("date"), r.get("load1"), r.get("ranks"), r.get("agents"), r.get("waitCpuMs") + " ms",
                    Table.seconds(Rows.number(r, "lastExecMs") / 1e3),
                    Table.seconds(Rows.number(r, "medianMainMs") / 1e3) + " / " + Table.seconds(Rows.number(r, "lastMainMs") / 1e3),
                    r.get("served"));
        }
        return manyRanks.rows().isEmpty() ? "(no runs yet)" : t.markdown();
    }

    private String modelTable(StartupParams base, StartupParams wide, ControlPlaneCosts costs) {
        Table t = new Table("ranks", "ranks per node", "nodes", "fan-out chosen", "coordinator's storm",
                "tree, node ready, the ranks' look at READY",
                "fanload", "fanload without the control plane's costs", "plain, 100k op/s");
        row(t, FULL_WIDTH, base, costs);
        row(t, PAPER_WIDTH, wide, costs);
        return t.markdown();
    }

    private static void row(Table t, int ranks, StartupParams p, ControlPlaneCosts costs) {
        int nodes = p.nodesFor(ranks);
        StartupModel with = new StartupModel(p, costs);
        StartupModel.Start f = with.fanload(ranks);
        t.row(Format.thousands(ranks), p.ranksPerNode(), Format.thousands(nodes), fanout(p, nodes),
                Table.seconds(costs.rendezvousSeconds(nodes)), Table.seconds(f.tree()), Table.seconds(f.total()),
                Table.seconds(new StartupModel(p).fanload(ranks).total()), Table.seconds(with.vanilla(ranks).total()));
    }

    private static int fanout(StartupParams p, int nodes) {
        return TreeBroadcast.bestFanout(nodes, MAX_FANOUT, p.archiveBytes(), p.chunkBytes(), p.bandwidth(), p.hopLatency(),
                p.sourceRate());
    }

    private String shapesTable(StartupParams p) {
        int nodes = p.nodesFor(PAPER_WIDTH);
        Table t = new Table("fan-out", "tree at " + Format.thousands(nodes) + " nodes (archive " + Format.decimals(
                p.archiveBytes() / 1e6, 1) + " MB)", "the same with a 1 GB archive");
        for (int k = 1; k <= MAX_FANOUT; k++) {
            t.row(k == 1 ? "1 (chain)" : k == 2 ? "2 (binary, the default beyond 16)" : String.valueOf(k),
                    Table.seconds(TreeBroadcast.completion(nodes, k, p.archiveBytes(), p.chunkBytes(), p.bandwidth(),
                            p.hopLatency(), p.sourceRate())),
                    Table.seconds(TreeBroadcast.completion(nodes, k, 1_000_000_000L, p.chunkBytes(), p.bandwidth(),
                            p.hopLatency(), p.sourceRate())));
        }
        return t.markdown();
    }
}
