package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.ControlPlaneCosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Writes docs/perf/bench.md, docs/plots/*.png, the generated block of docs/PERFORMANCE.md and the
 * tables of docs/perf/tree.md from bench/results (the contention runs, the generator's timings, the
 * tree runs) and the start-up model. The sections compute the figures; the prose is in the Mustache
 * templates next to this class (bench.md.mustache and its partials, summary.mustache).
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.fanload.bench.plots.BenchReport bench/results docs
 * </pre>
 */
public final class BenchReport {

    static final String PRESET = "pynamic";

    private final Results results;
    private final Path resultsDir;
    private final Path docs;

    BenchReport(Path results, Path docs) {
        this.results = new Results(results);
        this.resultsDir = results;
        this.docs = docs;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BenchReport RESULTS_DIR DOCS_DIR");
            System.exit(2);
        }
        try {
            new BenchReport(Path.of(args[0]), Path.of(args[1])).write();
        } catch (IOException e) {
            // A missing or broken results file: its name and what is wrong, not a stack trace.
            System.err.println("BenchReport: " + e.getMessage());
            System.exit(1);
        }
    }

    void write() throws IOException {
        ContentionResults runs = results.contention(PRESET);
        Properties meta = results.properties("contention-" + PRESET);
        Calibration.App app = Measured.app(runs, meta);
        Calibration calibration = new Calibration(app);
        Calibration.Fit fit = calibration.fit(Measured.points(runs, ContentionResults.VANILLA),
                Measured.points(runs, ContentionResults.FANLOAD), Measured.FIT_UP_TO);
        TreeFigures tree = results.tree();
        ScaleSection scale = ScaleSection.read(resultsDir);
        ControlPlaneCosts control = scale.costs();
        Path plots = docs.resolve("plots");

        Map<String, Object> page = new HashMap<>();
        page.put("fitUpTo", Measured.FIT_UP_TO);
        page.put("machine", meta.getProperty("machine", "the project's shared 2-core machine"));
        page.put("widest", runs.ranks().last());
        page.put("generator", new GeneratorSection(results).values());
        page.put("contention", new ContentionSection(runs, calibration, fit, plots).values());
        page.put("operations", new OperationsSection(runs, app, plots).values());
        page.put("model", new ModelSection(runs, app, calibration, fit, plots, control).values());
        ApplicationsSection applications = new ApplicationsSection(results, fit, control);
        page.put("applications", applications.real());
        page.put("large", applications.large());
        page.put("broadcast", new BroadcastSection(tree, app, plots).values());
        Files.createDirectories(docs.resolve("perf"));
        Files.writeString(docs.resolve("perf/bench.md"), Templates.render("bench.md", page));
        Files.writeString(docs.resolve("perf/scale.md"), Templates.render("scale.md", scale.values(app, fit)));

        Path performance = docs.resolve("PERFORMANCE.md");
        if (Files.exists(performance)) {
            Map<String, Object> summary = new SummarySection(runs, meta, results.properties("generator-" + PRESET), app, fit, control)
                    .values();
            summary.put("fitUpTo", Measured.FIT_UP_TO);
            PerformanceSection.write(performance, Templates.render("summary", summary));
        }
        Path treeMd = docs.resolve("perf/tree.md");
        if (Files.exists(treeMd)) {
            TreeTables.write(treeMd, tree);
        }
        System.out.println("wrote " + docs.resolve("perf/bench.md") + ", " + docs.resolve("perf/scale.md") + ", the generated blocks of " + performance + " and "
                + treeMd + ", and " + plots);
    }

}
