package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/** What the contention runs measured, reduced to the model's inputs and the report's medians. */
final class Measured {

    /** The calibration uses runs of up to this many ranks; larger ones are predictions. */
    static final int FIT_UP_TO = 8;
    /** The test bed's Slurm nodes: R ranks run on min(R, NODES) of them. */
    static final int NODES = 4;

    private Measured() {
    }

    /** Operation counts from the runs: per plain rank, per served rank (the slope), launch's own. */
    static Calibration.App app(ContentionResults runs, Properties meta) {
        List<Double> perRank = new ArrayList<>();
        List<Double> slope = new ArrayList<>();
        List<Double> fixed = new ArrayList<>();
        for (Run r : runs.runs()) {
            if (!r.ok()) {
                continue;
            }
            if (r.mode().equals(ContentionResults.VANILLA)) {
                perRank.add((double) r.metaOps() / r.ranks());
            } else if (r.ranks() == 1) {
                fixed.add((double) r.metaOps());
            }
        }
        double base = Stats.of(fixed.stream().mapToDouble(Double::doubleValue).toArray()).median();
        for (Run r : runs.runs()) {
            if (r.ok() && r.mode().equals(ContentionResults.FANLOAD) && r.ranks() > 1) {
                slope.add(Math.max(0, (r.metaOps() - base) / (r.ranks() - 1)));
            }
        }
        return new Calibration.App((int) Math.round(median(perRank)), (int) Math.round(median(slope)),
                (int) Math.round(base), Long.parseLong(meta.getProperty("archive_bytes", "9000000")),
                coreSeconds(runs, ContentionResults.VANILLA), coreSeconds(runs, ContentionResults.FANLOAD));
    }

    /**
     * A rank's CPU seconds in one mode: the median over the runs the model is fitted on (at most
     * FIT_UP_TO ranks), 0 when the results predate the measurement. The wider runs are left out: they
     * are what the model predicts.
     */
    private static double coreSeconds(ContentionResults runs, String mode) {
        double[] cpu = runs.runs().stream()
                .filter(r -> r.ok() && r.mode().equals(mode) && r.ranks() <= FIT_UP_TO && !Double.isNaN(r.cpuMs()))
                .mapToDouble(r -> r.cpuMs() / 1e3).toArray();
        return cpu.length == 0 ? 0 : Stats.of(cpu).median();
    }

    static double median(List<Double> v) {
        return Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    /** The median wall time of every (latency, width) cell of one mode, as the calibration's points. */
    static List<Calibration.Point> points(ContentionResults runs, String mode) {
        List<Calibration.Point> out = new ArrayList<>();
        for (int delay : runs.delays()) {
            for (int ranks : runs.ranks()) {
                Stats s = runs.seconds(delay, ranks, mode);
                if (s.n() > 0) {
                    out.add(new Calibration.Point(delay * 1e-6, ranks, nodes(ranks), s.median()));
                }
            }
        }
        return out;
    }

    static int nodes(int ranks) {
        return Math.min(ranks, NODES);
    }

    /** The median of one metric over every latency's runs at one width and mode. */
    static double all(ContentionResults runs, int ranks, String mode, ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>();
        for (int d : runs.delays()) {
            runs.cell(d, ranks, mode).forEach(r -> v.add(f.applyAsDouble(r)));
        }
        return median(v);
    }

    /** How many rank counts up to FIT_UP_TO the points hold: a fit needs two at least. */
    static long widthsToFit(List<Calibration.Point> points) {
        return points.stream().filter(p -> p.ranks() <= FIT_UP_TO).mapToInt(Calibration.Point::ranks).distinct().count();
    }

    /** Predicted ÷ measured for the widths the model was not fitted on. */
    static double[] beyondTheFit(List<Calibration.Prediction> predictions) {
        return predictions.stream().filter(p -> p.point().ranks() > FIT_UP_TO).mapToDouble(Calibration.Prediction::ratio)
                .toArray();
    }

    /** The most repetitions any cell of the runs had (the runs are interleaved by repetition). */
    static int repetitions(ContentionResults runs) {
        return runs.runs().stream().mapToInt(Run::rep).max().orElse(0);
    }
}
