package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.ControlPlaneCosts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * §4b and §4c of docs/perf/bench.md (applications.mustache, large.mustache): other applications'
 * contention runs, each with its Lustre model line, when bench/results holds them.
 */
final class ApplicationsSection {

    static final List<String> REAL = List.of("h2", "rhino");
    static final String LARGE = "large";

    private final Results results;
    /** The pynamic calibration's fit, for applications whose own runs cannot be fitted and checked. */
    private final Calibration.Fit fit;
    private final ControlPlaneCosts control;

    ApplicationsSection(Results results, Calibration.Fit fit, ControlPlaneCosts control) {
        this.results = results;
        this.fit = fit;
        this.control = control;
    }

    /** §4b: H2 and Rhino, one jar each. */
    Map<String, Object> real() throws IOException {
        Table t = comparisonTable();
        List<String> lustre = new ArrayList<>();
        List<ContentionResults> all = new ArrayList<>();
        for (String name : REAL) {
            if (results.hasContention(name)) {
                ContentionResults runs = results.contention(name);
                all.add(runs);
                lustre.add(compare(name, runs, t));
            }
        }
        List<String> latencies = all.stream().flatMap(r -> r.delays().stream()).distinct().sorted()
                .map(Format::latency).toList();
        int repetitions = all.stream().mapToInt(Measured::repetitions).max().orElse(0);
        return Map.of("table", t.markdown(), "lustre", String.join("; ", lustre),
                "latencies", String.join(" and ", latencies), "repetitionsWord", Format.word(repetitions));
    }

    /** §4c: the generator's large preset; null (no section) without its runs. */
    Map<String, Object> large() throws IOException {
        if (!results.hasContention(LARGE)) {
            return null;
        }
        Properties meta = results.properties("contention-" + LARGE);
        Properties generated = results.properties("generator-" + LARGE);
        ContentionResults runs = results.contention(LARGE);
        Table t = comparisonTable();
        Map<String, Object> out = new HashMap<>();
        out.put("lustre", compare(LARGE, runs, t));
        out.put("table", t.markdown());
        out.put("classes", Format.thousands(Long.parseLong(generated.getProperty("classes", "0"))));
        out.put("jars", Format.thousands(Long.parseLong(generated.getProperty("jars", "0"))));
        out.put("natives", Format.natives(generated));
        out.put("archiveMb", Format.decimals(Long.parseLong(meta.getProperty("archive_bytes", "0")) / 1e6, 0));
        out.put("loadAtStart", meta.getProperty("load_at_start", "–"));
        out.put("repetitionsWord", Format.word(Measured.repetitions(runs)));
        out.put("widest", runs.ranks().last());
        out.put("latencies", String.join(" and ", runs.delays().stream().map(Format::latency).toList()));
        return out;
    }

    private static Table comparisonTable() {
        return new Table("application", "latency", "ranks", "plain: median (min–max)", "fanload: median (min–max)",
                "fanload / plain", "metadata ops: plain per rank", "fanload per job");
    }

    /**
     * One application's rows (every latency and width in its results) and its Lustre model line at
     * 24,000 ranks: calibrated on its own runs where they allow a fit and a check of it, with the
     * pynamic calibration's fit otherwise.
     */
    private String compare(String name, ContentionResults runs, Table t) throws IOException {
        Calibration.App app = Measured.app(runs, results.properties("contention-" + name));
        for (int delay : runs.delays()) {
            for (int r : runs.ranks()) {
                Stats v = runs.seconds(delay, r, ContentionResults.VANILLA);
                Stats f = runs.seconds(delay, r, ContentionResults.FANLOAD);
                t.row(name, delay + " µs", r, Format.range(v), Format.range(f), Table.ratio(f.median() / v.median()),
                        Table.number(Measured.all(runs, r, ContentionResults.VANILLA, Run::metaOps) / r),
                        Table.number(Measured.all(runs, r, ContentionResults.FANLOAD, Run::metaOps)));
            }
        }
        Calibration own = new Calibration(app);
        List<Calibration.Point> vanilla = Measured.points(runs, ContentionResults.VANILLA);
        List<Calibration.Point> served = Measured.points(runs, ContentionResults.FANLOAD);
        // Its own fit only where it can be checked: two widths to fit on, and wider runs to predict.
        boolean fitsItself = Measured.widthsToFit(vanilla) >= 2 && Measured.widthsToFit(served) >= 2
                && runs.ranks().last() > Measured.FIT_UP_TO;
        Calibration.Fit used = fitsItself ? own.fit(vanilla, served, Measured.FIT_UP_TO) : fit;
        String calibrated = fitsItself
                ? String.format(Locale.ROOT, "calibrated on its own runs of up to %d ranks: a plain rank %.2f s of CPU,"
                        + " a served one %.2f s, fit error %.2f / %.2f s; wider runs predicted %s",
                        Measured.FIT_UP_TO, used.vanillaCpu(), used.servedCpu(), used.vanillaError(), used.servedError(),
                        predictedAgainstMeasured(own, used, vanilla, served))
                : "the pynamic calibration's CPU figures: too few widths to fit and check its own";
        return String.format(Locale.ROOT, "%s (%,d operations per rank; %s): %s at 24,000 ranks",
                name, app.vanillaOpsPerRank(), calibrated, ModelSection.atFullWidth(app, used, control));
    }

    /** The model against the runs it was not fitted on, "plain 0.97x, fanload 1.10x" (medians of the ratios). */
    private static String predictedAgainstMeasured(Calibration calibration, Calibration.Fit fit,
                                                   List<Calibration.Point> vanilla, List<Calibration.Point> served) {
        double[] v = Measured.beyondTheFit(calibration.predictVanilla(fit, vanilla));
        double[] f = Measured.beyondTheFit(calibration.predictServed(fit, served));
        if (v.length == 0 || f.length == 0) {
            return "(none measured)";
        }
        return String.format(Locale.ROOT, "at %.2fx (plain) and %.2fx (fanload) of the measured medians",
                Stats.of(v).median(), Stats.of(f).median());
    }
}
