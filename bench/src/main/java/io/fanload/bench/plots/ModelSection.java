package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.ControlPlaneCosts;
import io.fanload.bench.model.LustreMachine;
import io.fanload.bench.model.StartupModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** §4 of docs/perf/bench.md (model.mustache): the calibration on the test bed and the model at scale. */
final class ModelSection {

    static final int[] SCALE_RANKS = {24, 48, 96, 240, 480, 960, 2_400, 4_800, 9_600, 24_000, 48_000, 96_000};
    /** The headline width: the paper's figure. */
    static final int FULL_WIDTH = 24_000;

    private final ContentionResults runs;
    private final Calibration.App app;
    private final Calibration calibration;
    private final Calibration.Fit fit;
    private final Path plots;
    private final ControlPlaneCosts control;

    ModelSection(ContentionResults runs, Calibration.App app, Calibration calibration, Calibration.Fit fit, Path plots,
                 ControlPlaneCosts control) {
        this.runs = runs;
        this.app = app;
        this.calibration = calibration;
        this.fit = fit;
        this.plots = plots;
        this.control = control;
    }

    /**
     * The model's headline: plain and fanload start-up at 24,000 ranks on the base Lustre metadata
     * server, with the control plane's measured costs.
     */
    static String atFullWidth(Calibration.App app, Calibration.Fit fit, ControlPlaneCosts control) {
        StartupModel m = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE, 0), control);
        return "plain " + Table.seconds(m.vanilla(FULL_WIDTH).total()) + ", fanload " + Table.seconds(m.fanload(FULL_WIDTH).total());
    }

    Map<String, Object> values() throws IOException {
        List<Calibration.Point> vanilla = Measured.points(runs, ContentionResults.VANILLA);
        List<Calibration.Point> served = Measured.points(runs, ContentionResults.FANLOAD);
        List<Calibration.Prediction> pv = calibration.predictVanilla(fit, vanilla);
        List<Calibration.Prediction> pf = calibration.predictServed(fit, served);
        Map<String, Object> out = new HashMap<>();
        out.put("vanillaOpsPerRank", Format.thousands(app.vanillaOpsPerRank()));
        out.put("servedOpsPerRank", Format.thousands(app.servedOpsPerRank()));
        out.put("launchOps", Format.thousands(app.launchOps()));
        out.put("archiveMb", Format.decimals(app.archiveBytes() / 1e6, 1));
        out.put("s0Us", Format.decimals(fit.s0() * 1e6, 0));
        out.put("vanillaCpu", Format.decimals(fit.vanillaCpu(), 2));
        out.put("vanillaFixed", Format.decimals(fit.vanillaFixed(), 2));
        out.put("servedCpu", Format.decimals(fit.servedCpu(), 2));
        out.put("agentSeconds", Format.decimals(fit.agentSeconds(), 2));
        out.put("servedFixed", Format.decimals(fit.servedFixed(), 2));
        out.put("vanillaCoreSeconds", Format.decimals(app.vanillaCoreSeconds(), 2));
        out.put("servedCoreSeconds", Format.decimals(app.servedCoreSeconds(), 2));
        out.put("vanillaError", Format.decimals(fit.vanillaError(), 2));
        out.put("servedError", Format.decimals(fit.servedError(), 2));
        out.put("predictionTable", predictions(pv, pf));
        out.put("gap", gap(pf));
        out.put("scaleTable", scale(vanilla, served));
        return out;
    }

    private static String predictions(List<Calibration.Prediction> pv, List<Calibration.Prediction> pf) {
        Table t = new Table("latency", "ranks", "plain: measured", "plain: model", "ratio", "fanload: measured", "fanload: model", "ratio");
        for (int i = 0; i < pv.size(); i++) {
            Calibration.Prediction v = pv.get(i);
            Calibration.Prediction f = i < pf.size() ? pf.get(i) : null;
            String fitted = v.point().ranks() <= Measured.FIT_UP_TO ? " (fit)" : "";
            t.row(Math.round(v.point().delaySeconds() * 1e6) + " µs", v.point().ranks() + fitted,
                    Table.seconds(v.point().seconds()), Table.seconds(v.predicted()), Table.ratio(v.ratio()),
                    f == null ? "–" : Table.seconds(f.point().seconds()), f == null ? "–" : Table.seconds(f.predicted()),
                    f == null ? "–" : Table.ratio(f.ratio()));
        }
        return t.markdown();
    }

    /**
     * Where fanload's predictions beyond the fitted widths fall short, how much of the 2 cores the
     * served ranks had: R x a rank's CPU / 2 against their span from main to the step's end. What
     * they did not have went to the machine's other work, which the model (the cores are the job's)
     * does not see. Null (no paragraph) without such runs.
     */
    private Map<String, Object> gap(List<Calibration.Prediction> served) {
        double[] ratios = Measured.beyondTheFit(served);
        double[] shares = runs.runs().stream()
                .filter(r -> r.ok() && r.mode().equals(ContentionResults.FANLOAD) && r.ranks() > Measured.FIT_UP_TO
                        && !Double.isNaN(r.cpuMs()) && r.wallMs() > r.launchToMainMs())
                .mapToDouble(r -> r.ranks() * r.cpuMs() / 2 / (r.wallMs() - r.launchToMainMs())).toArray();
        if (ratios.length == 0 || shares.length == 0) {
            return null;
        }
        Stats ratio = Stats.of(ratios);
        Stats share = Stats.of(shares);
        return Map.of("ratioMin", Format.decimals(ratio.min(), 2), "ratioMax", Format.decimals(ratio.max(), 2),
                "sharePercent", Format.decimals(share.median() * 100, 0),
                "shareMinPercent", Format.decimals(share.min() * 100, 0),
                "shareMaxPercent", Format.decimals(share.max() * 100, 0));
    }

    private String scale(List<Calibration.Point> vanilla, List<Calibration.Point> served) throws IOException {
        Table s = new Table("ranks", "nodes", "plain, 100k op/s", "plain, 400k op/s", "fanload", "fanload, FANLOAD_HOME on Lustre",
                "plain / fanload (100k)");
        List<Double> x = new ArrayList<>();
        List<Double> v100 = new ArrayList<>();
        List<Double> v400 = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        List<Double> fh = new ArrayList<>();
        StartupModel base = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE, 0), control);
        StartupModel peak = new StartupModel(LustreMachine.params(app, fit, LustreMachine.STAT_PEAK_RATE, 0), control);
        StartupModel home = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE,
                LustreMachine.AGENT_OPS_SHARED_HOME), control);
        for (int r : SCALE_RANKS) {
            double a = base.vanilla(r).total();
            double b = peak.vanilla(r).total();
            double c = base.fanload(r).total();
            double d = home.fanload(r).total();
            s.row(Format.thousands(r), Format.thousands((r + 23) / 24),
                    Table.seconds(a), Table.seconds(b), Table.seconds(c), Table.seconds(d), Table.ratio(a / c));
            x.add((double) r);
            v100.add(a);
            v400.add(b);
            f.add(c);
            fh.add(d);
        }
        new Chart("Job start-up against ranks: model (24 ranks/node, Lustre MDS, calibrated on the test bed)", "ranks",
                "seconds until the last rank finished", true, true)
                .add("plain java, MDS 100k op/s", Chart.Kind.MODEL, x, v100)
                .add("plain java, MDS 400k op/s", Chart.Kind.MODEL, x, v400)
                // Drawn first, so the base fanload curve (identical up to ~48,000 ranks) stays visible on top.
                .add("fanload, its own jars on Lustre", Chart.Kind.MODEL, x, fh)
                .add("fanload", Chart.Kind.MODEL, x, f)
                .add("plain, measured on the test bed (2 ms)", Chart.Kind.MEASURED, measuredX(vanilla, 2e-3), measuredY(vanilla, 2e-3))
                .add("fanload, measured on the test bed (2 ms)", Chart.Kind.MEASURED, measuredX(served, 2e-3), measuredY(served, 2e-3))
                .save(plots.resolve("scale-model.png"));
        return s.markdown();
    }

    private static List<Double> measuredX(List<Calibration.Point> points, double delay) {
        return points.stream().filter(p -> Math.abs(p.delaySeconds() - delay) < 1e-9).map(p -> (double) p.ranks()).toList();
    }

    private static List<Double> measuredY(List<Calibration.Point> points, double delay) {
        return points.stream().filter(p -> Math.abs(p.delaySeconds() - delay) < 1e-9).map(Calibration.Point::seconds).toList();
    }
}
