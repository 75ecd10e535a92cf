package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.ControlPlaneCosts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The generated block of docs/PERFORMANCE.md (summary.mustache): the headline table, the counts, the scale. */
final class SummarySection {

    private final ContentionResults runs;
    private final Properties meta;
    private final Properties generated;
    private final Calibration.App app;
    private final Calibration.Fit fit;
    private final ControlPlaneCosts control;

    SummarySection(ContentionResults runs, Properties meta, Properties generated, Calibration.App app, Calibration.Fit fit,
                   ControlPlaneCosts control) {
        this.runs = runs;
        this.meta = meta;
        this.generated = generated;
        this.app = app;
        this.fit = fit;
        this.control = control;
    }

    Map<String, Object> values() {
        int widest = runs.ranks().last();
        Map<String, Object> out = new HashMap<>();
        out.put("classes", generated.getProperty("classes", "–"));
        out.put("jars", generated.getProperty("jars", "–"));
        out.put("natives", Format.natives(generated));
        out.put("repetitions", Measured.repetitions(runs));
        out.put("table", table());
        out.put("machine", meta.getProperty("machine", "–"));
        out.put("loadAtStart", meta.getProperty("load_at_start", "–"));
        out.put("vanillaOpsPerRank", Format.thousands(app.vanillaOpsPerRank()));
        out.put("launchOps", Format.thousands(app.launchOps()));
        out.put("pssAlone", Format.kib(Measured.all(runs, 1, ContentionResults.FANLOAD, Run::imagePssKb)));
        out.put("pssWidest", Format.kib(Measured.all(runs, widest, ContentionResults.FANLOAD, Run::imagePssKb)));
        out.put("ranksPerNodeWidest", (widest + Measured.NODES - 1) / Measured.NODES);
        out.put("atFullWidth", ModelSection.atFullWidth(app, fit, control));
        return out;
    }

    /** Per width, plain and fanload at every latency and their ratio. */
    private String table() {
        List<Integer> delays = new ArrayList<>(runs.delays());
        List<String> columns = new ArrayList<>(List.of("ranks"));
        for (int d : delays) {
            columns.add("plain, " + Format.latency(d));
            columns.add("fanload, " + Format.latency(d));
            columns.add("ratio, " + Format.latency(d));
        }
        Table t = new Table(columns.toArray(String[]::new));
        for (int r : runs.ranks()) {
            List<Object> row = new ArrayList<>(List.of(r));
            for (int d : delays) {
                Stats v = runs.seconds(d, r, ContentionResults.VANILLA);
                Stats f = runs.seconds(d, r, ContentionResults.FANLOAD);
                row.add(Format.range(v));
                row.add(Format.range(f));
                row.add(Table.ratio(f.median() / v.median()));
            }
            t.row(row.toArray());
        }
        return t.markdown();
    }
}
