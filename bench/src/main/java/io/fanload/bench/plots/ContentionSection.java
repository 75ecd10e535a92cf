package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** §2 of docs/perf/bench.md (contention.mustache): one table and one plot per latency, the drivers' timings. */
final class ContentionSection {

    private final ContentionResults runs;
    private final Calibration calibration;
    private final Calibration.Fit fit;
    private final Path plots;

    ContentionSection(ContentionResults runs, Calibration calibration, Calibration.Fit fit, Path plots) {
        this.runs = runs;
        this.calibration = calibration;
        this.fit = fit;
        this.plots = plots;
    }

    Map<String, Object> values() throws IOException {
        List<Map<String, Object>> latencies = new ArrayList<>();
        for (int delay : runs.delays()) {
            latencies.add(latency(delay));
        }
        return Map.of("failed", runs.failed(),
                "repetitionsWord", Format.capitalised(Format.word(Measured.repetitions(runs))),
                "latencies", latencies,
                "timings", timings());
    }

    private Map<String, Object> latency(int delay) throws IOException {
        Table t = new Table("ranks (nodes)", "plain: median (min–max)", "fanload: median (min–max)",
                "fanload / plain", "model plain", "model fanload");
        List<Double> x = new ArrayList<>();
        List<Double> mv = new ArrayList<>();
        List<Double> mf = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> pf = new ArrayList<>();
        for (int r : runs.ranks()) {
            Stats v = runs.seconds(delay, r, ContentionResults.VANILLA);
            Stats f = runs.seconds(delay, r, ContentionResults.FANLOAD);
            Calibration.Point p = new Calibration.Point(delay * 1e-6, r, Measured.nodes(r), Double.NaN);
            double predV = calibration.predictVanilla(fit, List.of(p)).get(0).predicted();
            double predF = calibration.predictServed(fit, List.of(p)).get(0).predicted();
            String fitted = r <= Measured.FIT_UP_TO ? " (fit)" : "";
            t.row(r + " (" + Measured.nodes(r) + ")", Format.range(v), Format.range(f), Table.ratio(f.median() / v.median()),
                    Table.seconds(predV) + fitted, Table.seconds(predF) + fitted);
            x.add((double) r);
            mv.add(v.median());
            mf.add(f.median());
            pv.add(predV);
            pf.add(predF);
        }
        String png = "contention-" + delay + "us.png";
        new Chart("R ranks of the pynamic workload, Gluster metadata latency " + delay + " µs (test bed, 2 cores)",
                "ranks", "seconds until the last rank finished", true, false)
                .add("plain java, measured (median)", Chart.Kind.MEASURED, x, mv)
                .add("fanload --read-cache, measured (median)", Chart.Kind.MEASURED, x, mf)
                .add("plain, model", Chart.Kind.MODEL, x, pv)
                .add("fanload, model", Chart.Kind.MODEL, x, pf)
                .save(plots.resolve(png));
        return Map.of("delay", delay, "table", t.markdown(), "png", png);
    }

    private String timings() {
        Table t = new Table("latency", "ranks", "plain: launch→main / load", "fanload: launch→main / load");
        for (int delay : runs.delays()) {
            for (int r : runs.ranks()) {
                t.row(delay + " µs", r, timing(delay, r, ContentionResults.VANILLA), timing(delay, r, ContentionResults.FANLOAD));
            }
        }
        return t.markdown();
    }

    private String timing(int delay, int ranks, String mode) {
        return Table.number(runs.stats(delay, ranks, mode, Run::launchToMainMs).median()) + " / "
                + Table.number(runs.stats(delay, ranks, mode, Run::loadMs).median());
    }
}
