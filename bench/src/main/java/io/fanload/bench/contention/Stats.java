package io.fanload.bench.contention;

import java.util.Arrays;

/** Median, minimum and maximum of a few repetitions (the machine is shared: medians, never means). */
public record Stats(double median, double min, double max, int n) {

    public static Stats of(double... values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Stats(median, v[0], v[v.length - 1], v.length);
    }
}
