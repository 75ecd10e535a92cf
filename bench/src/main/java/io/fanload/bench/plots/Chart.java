package io.fanload.bench.plots;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One x-y plot written as a PNG: measured series as markers joined by solid lines, modelled ones as
 * dashed lines without markers, bounds dotted, so a reader tells them apart in grey print too.
 * A logarithmic axis spans whole decades, so that every decade has its label. Series that run on
 * top of each other stay visible: each one added is drawn thinner than the one before, over it.
 */
final class Chart {

    enum Kind { MEASURED, MODEL, BOUND }

    private static final Color[] COLORS = {new Color(0xC0392B), new Color(0x2471A3), new Color(0x7D3C98),
        new Color(0x1E8449), new Color(0xB9770E), new Color(0x566573)};

    private final XYChart chart;
    private int series;
    private double minX = Double.POSITIVE_INFINITY;
    private double maxX = Double.NEGATIVE_INFINITY;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;

    Chart(String title, String xTitle, String yTitle, boolean logX, boolean logY) {
        System.setProperty("java.awt.headless", "true");
        chart = new XYChartBuilder().width(900).height(720).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler s = chart.getStyler();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        // Below the plot: a legend inside it covers whatever line runs under it.
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setMarkerSize(7);
        chart.getStyler().setXAxisDecimalPattern(logX ? "#,###" : "#,##0.##");
    }

    /** Adds a series; points with a NaN or non-positive y (on a log axis) are left out. */
    Chart add(String name, Kind kind, List<Double> x, List<Double> y) {
        double[][] xy = keep(x, y, chart.getStyler().isYAxisLogarithmic());
        if (xy[0].length == 0) {
            return this;
        }
        for (double v : xy[0]) {
            minX = Math.min(minX, v);
            maxX = Math.max(maxX, v);
        }
        for (double v : xy[1]) {
            minY = Math.min(minY, v);
            maxY = Math.max(maxY, v);
        }
        XYSeries s = chart.addSeries(name, xy[0], xy[1]);
        // Earlier series wider: a later one that coincides runs inside it and both stay visible.
        float width = Math.max(1.5f, 6f - 1.1f * series);
        Color color = COLORS[series++ % COLORS.length];
        s.setLineColor(color);
        s.setMarkerColor(color);
        switch (kind) {
            case MEASURED -> {
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineStyle(new BasicStroke(width));
            }
            case MODEL -> {
                s.setMarker(SeriesMarkers.NONE);
                // Each model its own dash: two that coincide alternate colours along the line.
                int n = series - 1;
                s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {8f + 5f * (n % 3), 5f + 3f * (n % 2)}, 4f * n));
            }
            case BOUND -> {
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {2f, 2f + width}, 0f));
            }
        }
        return this;
    }

    void save(Path png) throws IOException {
        if (chart.getStyler().isXAxisLogarithmic() && minX <= maxX) {
            chart.getStyler().setXAxisMin(decadeBelow(minX));
            chart.getStyler().setXAxisMax(decadeAbove(maxX));
        }
        if (chart.getStyler().isYAxisLogarithmic() && minY <= maxY) {
            chart.getStyler().setYAxisMin(decadeBelow(minY));
            chart.getStyler().setYAxisMax(decadeAbove(maxY));
            chart.getStyler().setYAxisDecimalPattern("#,###.###");
        }
        Files.createDirectories(png.getParent());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The power of ten at or below {@code v} (v > 0). */
    static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    }

    /** The power of ten at or above {@code v} (v > 0). */
    static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));
    }

    private static double[][] keep(List<Double> x, List<Double> y, boolean positive) {
        int n = 0;
        double[] xs = new double[x.size()];
        double[] ys = new double[x.size()];
        for (int i = 0; i < x.size(); i++) {
            double v = y.get(i);
            if (!Double.isNaN(v) && (!positive || v > 0)) {
                xs[n] = x.get(i);
                ys[n++] = v;
            }
        }
        return new double[][] {Arrays.copyOf(xs, n), Arrays.copyOf(ys, n)};
    }
}
