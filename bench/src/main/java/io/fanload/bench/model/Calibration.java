package io.fanload.bench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Fits the start-up model's free parameters to the test bed's small runs, then predicts the rest.
 *
 * <p>On the test bed the "metadata server" is Gluster's brick with one I/O thread, which adds the
 * injected latency to every LOOKUP, STAT, OPEN, ... one at a time: its service time is the latency
 * plus a base cost {@code s0}. The free parameters, fitted on runs of at most {@code fitUpTo} ranks:
 * <ul>
 *   <li>plain: {@code s0}, a rank's CPU seconds and the step's fixed cost (srun, JVM exec);</li>
 *   <li>fanload: a served rank's CPU seconds, a node agent's start and the fixed cost (launch's JVM,
 *       the coordinator, the step).</li>
 * </ul>
 * Measured per-rank operation counts and CPU seconds come in as they are. Every simulated node runs on
 * the same 2 cores ({@code coresShared}), so R ranks take at least R x a rank's CPU / 2
 * ({@link StartupParams#stretched}). Grid search over the non-linear
 * parameters; the additive fixed cost is then the mean residual (its least-squares value).
 */
public final class Calibration {

    /** One measured cell: median wall seconds of R ranks on N nodes at one injected latency. */
    public record Point(double delaySeconds, int ranks, int nodes, double seconds) {
    }

    /**
     * The measured application: operations per rank in each mode, launch's own, the archive, and a
     * rank's CPU seconds (every thread) in each mode, 0 where not measured.
     */
    public record App(int vanillaOpsPerRank, int servedOpsPerRank, int launchOps, long archiveBytes,
                      double vanillaCoreSeconds, double servedCoreSeconds) {

        public App(int vanillaOpsPerRank, int servedOpsPerRank, int launchOps, long archiveBytes) {
            this(vanillaOpsPerRank, servedOpsPerRank, launchOps, archiveBytes, 0, 0);
        }
    }

    /** Fitted values. */
    public record Fit(double s0, double vanillaCpu, double vanillaFixed, double servedCpu, double agentSeconds,
                      double servedFixed, double vanillaError, double servedError) {
    }

    /** One point predicted against its measurement. */
    public record Prediction(Point point, double predicted) {
        public double ratio() {
            return predicted / point.seconds();
        }
    }

    /** Round trip between a node's Gluster client and the brick over the bridge, without the delay. */
    static final double TESTBED_RTT = 100e-6;

    private final App app;

    public Calibration(App app) {
        this.app = app;
    }

    /** The test bed as model parameters: N nodes, R ranks, one brick, all on 2 shared cores. */
    public StartupParams testbed(Point p, double s0, double vanillaCpu, double servedCpu, double agent, double fixed) {
        int perNode = (p.ranks() + p.nodes() - 1) / p.nodes();
        // Tree on the bridge: unshaped veths (~4 Gbit/s measured, TESTBED.md), 1 MiB chunks; the root
        // reads the archive through its Gluster client at ~100 MB/s; verify and expand at ~100 MB/s
        // on the loaded 2 cores.
        return new StartupParams(perNode, 2, true, p.delaySeconds() + s0, TESTBED_RTT, fixed, app.vanillaOpsPerRank(),
                vanillaCpu, app.vanillaCoreSeconds(), app.servedOpsPerRank(), servedCpu, app.servedCoreSeconds(), app.launchOps(), 0, agent, app.archiveBytes(), 100e6,
                500e6, 50e-6, 1 << 20, app.archiveBytes() / 100e6, 1_000_000);
    }

    public Fit fit(List<Point> vanilla, List<Point> served, int fitUpTo) {
        List<Point> v = vanilla.stream().filter(p -> p.ranks() <= fitUpTo).toList();
        List<Point> f = served.stream().filter(p -> p.ranks() <= fitUpTo).toList();
        double[] best = {Double.POSITIVE_INFINITY, 0, 0, 0};
        for (double s0 = 0; s0 <= 1e-3 + 1e-12; s0 += 50e-6) {
            for (double cpu = leastAlone(app.vanillaCoreSeconds()); cpu <= 4.0; cpu += 0.05) {
                double so = s0;
                double c = cpu;
                double[] fitted = additive(v, p -> new StartupModel(testbed(p, so, c, 0, 0, 0)).vanilla(p.ranks()).total());
                if (fitted[1] < best[0]) {
                    best = new double[] {fitted[1], s0, cpu, fitted[0]};
                }
            }
        }
        double s0 = best[1];
        // fanload: a served rank's CPU (stretched by R / 2 cores) and a node agent's start (stretched by
        // nodes / 2 cores: the agents of all simulated nodes start at once on the same cores).
        double[] bestServed = {Double.POSITIVE_INFINITY, 0, 0, 0};
        for (double cpu = leastAlone(app.servedCoreSeconds()); cpu <= 3.0; cpu += 0.05) {
            for (double agent = 0; agent <= 5.0; agent += 0.1) {
                double c = cpu;
                double ag = agent;
                double[] fitted = additive(f, p -> new StartupModel(testbed(p, s0, 0, c, ag, 0)).fanload(p.ranks()).total());
                if (fitted[1] < bestServed[0]) {
                    bestServed = new double[] {fitted[1], cpu, fitted[0], agent};
                }
            }
        }
        return new Fit(s0, best[2], best[3], bestServed[1], bestServed[3], bestServed[2], Math.sqrt(best[0]),
                Math.sqrt(bestServed[0]));
    }

    /**
     * The shortest a rank can run alone: its measured CPU spread over the test bed's 2 cores (below
     * that the alone time has no effect on the model and the fit could not tell its value), on the
     * grid's 0.05 s steps; 0.05 s when the CPU was not measured.
     */
    private static double leastAlone(double coreSeconds) {
        return Math.max(0.05, Math.ceil(coreSeconds / 2 / 0.05) * 0.05);
    }

    /**
     * For a model without its fixed cost, the fixed cost that minimises the squared error over the
     * points (the mean residual) and that error's mean square: {fixed, meanSquare}.
     */
    private static double[] additive(List<Point> points, ToDoubleFunction<Point> model) {
        if (points.isEmpty()) {
            return new double[] {0, 0};
        }
        double[] m = new double[points.size()];
        double mean = 0;
        for (int i = 0; i < m.length; i++) {
            m[i] = model.applyAsDouble(points.get(i));
            mean += points.get(i).seconds() - m[i];
        }
        mean = Math.max(0, mean / m.length);
        double sq = 0;
        for (int i = 0; i < m.length; i++) {
            double e = m[i] + mean - points.get(i).seconds();
            sq += e * e;
        }
        return new double[] {mean, sq / m.length};
    }

    public List<Prediction> predictVanilla(Fit fit, List<Point> points) {
        return predict(points, p -> new StartupModel(testbed(p, fit.s0(), fit.vanillaCpu(), 0, 0, fit.vanillaFixed()))
                .vanilla(p.ranks()).total());
    }

    public List<Prediction> predictServed(Fit fit, List<Point> points) {
        return predict(points, p -> new StartupModel(testbed(p, fit.s0(), 0, fit.servedCpu(), fit.agentSeconds(), fit.servedFixed()))
                .fanload(p.ranks()).total());
    }

    private static List<Prediction> predict(List<Point> points, ToDoubleFunction<Point> model) {
        List<Prediction> out = new ArrayList<>();
        for (Point p : points) {
            out.add(new Prediction(p, model.applyAsDouble(p)));
        }
        return out;
    }
}
