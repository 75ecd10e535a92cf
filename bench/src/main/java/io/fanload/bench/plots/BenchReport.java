package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.contention.Stats;
import io.fanload.bench.model.Calibration;
import io.fanload.bench.model.LustreMachine;
import io.fanload.bench.model.StartupModel;
import io.fanload.bench.model.TreeBroadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Writes docs/perf/bench.md and docs/plots/*.png from bench/results (the contention runs and the
 * generator's timings), docs/perf/tree.md (the tree benchmark) and the start-up model.
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.fanload.bench.plots.BenchReport bench/results docs
 * </pre>
 */
public final class BenchReport {

    /** The calibration uses runs of up to this many ranks; larger ones are predictions. */
    static final int FIT_UP_TO = 8;
    static final int[] SCALE_RANKS = {24, 48, 96, 240, 480, 960, 2_400, 4_800, 9_600, 24_000, 48_000, 96_000};
    static final String PRESET = "pynamic";

    private final Path results;
    private final Path docs;
    private final StringBuilder md = new StringBuilder();

    private BenchReport(Path results, Path docs) {
        this.results = results;
        this.docs = docs;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchReport RESULTS_DIR DOCS_DIR");
            System.exit(2);
        }
        new BenchReport(Path.of(args[0]), Path.of(args[1])).write();
    }

    private void write() throws IOException {
        ContentionResults runs = ContentionResults.read(results.resolve("contention-" + PRESET + ".tsv"));
        Properties meta = properties(results.resolve("contention-" + PRESET + ".properties"));
        Calibration.App app = app(runs, meta);
        Calibration calibration = new Calibration(app);
        List<Calibration.Point> vanilla = points(runs, ContentionResults.VANILLA);
        List<Calibration.Point> served = points(runs, ContentionResults.FANLOAD);
        Calibration.Fit fit = calibration.fit(vanilla, served, FIT_UP_TO);

        header(meta);
        generator();
        contention(runs, calibration, fit, vanilla, served);
        operations(runs, app);
        memory(runs);
        model(runs, app, fit, calibration, vanilla, served);
        realApplications(fit);
        largePreset(fit);
        broadcast(app);
        closing();
        Files.createDirectories(docs.resolve("perf"));
        Files.writeString(docs.resolve("perf/bench.md"), md.toString());
        Path performance = docs.resolve("PERFORMANCE.md");
        if (Files.exists(performance)) {
            PerformanceSection.write(performance, summary(runs, meta, app, fit));
        }
        System.out.println("wrote " + docs.resolve("perf/bench.md") + ", the bench section of " + performance + " and "
                + docs.resolve("plots"));
    }

    /** The contention and model figures for docs/PERFORMANCE.md: the headline table, the counts, the scale. */
    private String summary(ContentionResults runs, Properties meta, Calibration.App app, Calibration.Fit fit) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("Regenerated with this page's other bench figures, docs/perf/bench.md and the plots by one command,\n")
           .append("`bench/scripts/regenerate.sh` (7–33 s from the committed results in `bench/results/`); with `--measure`\n")
           .append("it first re-runs the benchmarks on the test bed (as root; about 50 minutes: pynamic ~28, H2 and Rhino ~8\n")
           .append("each, the generator ~2). The Pynamic-style application (preset `pynamic`: 490 classes in 12 jars, 10 JNI\n")
           .append("libraries) run by R ranks over min(R, 4) Slurm nodes, plain `srun java` from GlusterFS against `launch\n")
           .append("--read-cache`, 3 interleaved repetitions, median (min–max):\n\n");
        List<Integer> delays = new ArrayList<>(runs.delays());
        List<String> columns = new ArrayList<>(List.of("ranks"));
        for (int d : delays) {
            columns.add("plain, " + latency(d));
            columns.add("fanload, " + latency(d));
            columns.add("ratio, " + latency(d));
        }
        Table t = new Table(columns.toArray(String[]::new));
        for (int r : runs.ranks()) {
            List<Object> row = new ArrayList<>(List.of(r));
            for (int d : delays) {
                Stats v = runs.seconds(d, r, ContentionResults.VANILLA);
                Stats f = runs.seconds(d, r, ContentionResults.FANLOAD);
                row.add(range(v));
                row.add(range(f));
                row.add(Table.ratio(f.median() / v.median()));
            }
            t.row(row.toArray());
        }
        out.append(t.markdown()).append('\n');
        int widest = runs.ranks().last();
        out.append(String.format(Locale.ROOT, "Machine: %s; load average at the start %s (other engineers' work on the same"
                        + " cores). Shared-FS metadata operations: %,d per plain rank against %,d per fanload **job**, whatever"
                        + " the width. PSS of the node image per rank: %s at 1 rank per node, %s at %d. The scale model,"
                        + " calibrated on the runs of up to %d ranks, at 24,000 ranks on a Lustre metadata server at 100,000 op/s:"
                        + " %s. Plots, the real applications, the calibration and the model:"
                        + " [perf/bench.md](perf/bench.md).%n%n![2 ms](plots/contention-2000us.png)%n",
                meta.getProperty("machine", "–"), meta.getProperty("load_at_start", "–"), app.vanillaOpsPerRank(),
                app.launchOps(), kib(all(runs, 1, ContentionResults.FANLOAD, Run::imagePssKb)),
                kib(all(runs, widest, ContentionResults.FANLOAD, Run::imagePssKb)), (widest + 3) / 4, FIT_UP_TO,
                atFullWidth(app, fit)));
        return out.toString();
    }

    private static String latency(int delayUs) {
        return delayUs >= 1000 ? (delayUs / 1000.0 + " ms").replace(".0 ", " ") : delayUs + " µs";
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        return p;
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

    private static double median(List<Double> v) {
        return Stats.of(v.stream().mapToDouble(Double::doubleValue).toArray()).median();
    }

    private static List<Calibration.Point> points(ContentionResults runs, String mode) {
        List<Calibration.Point> out = new ArrayList<>();
        for (int delay : runs.delays()) {
            for (int ranks : runs.ranks()) {
                Stats s = runs.seconds(delay, ranks, mode);
                if (s.n() > 0) {
                    out.add(new Calibration.Point(delay * 1e-6, ranks, Math.min(ranks, 4), s.median()));
                }
            }
        }
        return out;
    }

    private void header(Properties meta) {
        md.append("# bench (issue 6): a Pynamic-style workload, contention on the test bed, the scale model\n\n")
          .append("To be merged into docs/PERFORMANCE.md. Generated by `bench/scripts/regenerate.sh` from the raw results in\n")
          .append("`bench/results/` (edit `io.fanload.bench.plots.BenchReport`, not this file).\n\n")
          .append("**Machine:** ").append(meta.getProperty("machine", "the project's shared 2-core machine"))
          .append(". Other engineers' builds and tests ran on the same 2 cores throughout: wall times are upper\n")
          .append("bounds, and every figure is a median of interleaved repetitions with its min–max.\n\n");
    }

    private void generator() throws IOException {
        md.append("## 1. The generator: a Java Pynamic\n\n")
          .append("Command: `java -cp bench/target/benchmarks.jar io.fanload.bench.generator.Generator pynamic|large OUT`\n")
          .append("(`bench/scripts/generate-presets.sh` times both presets). N jars of M classes with padded names (every class\n")
          .append("implements `LongUnaryOperator`; its entry calls its own methods, one utility class and walks the call depth\n")
          .append("through the following jars), utility jars, a service file and small resources per jar, names probed but\n")
          .append("absent, and K JNI libraries built with gcc, library k linked to k-1 (`DT_NEEDED`, `RUNPATH $ORIGIN`). Sources\n")
          .append("are written and compiled in one in-process javac task (the classes call each other in a cycle across jars);\n")
          .append("same seed, same bytes. The driver (`GenDriver`) prints Pynamic's four timings per rank: launch-to-main\n")
          .append("(from `GEN_LAUNCH_MS`), load (`Class.forName` of every class, which loads every JNI library; then resources,\n")
          .append("absent probes and services), visit (every class's entry) and a short compute loop; plus the PSS of the\n")
          .append("node-local image it maps.\n\n");
        Table t = new Table("preset", "classes", "jars", "jars, MB", "JNI libraries, MB", "sources", "javac", "jars",
                "gcc", "total (wall, JVM included)");
        for (String preset : List.of("pynamic", "large")) {
            Properties p = properties(results.resolve("generator-" + preset + ".properties"));
            if (p.isEmpty()) {
                continue;
            }
            t.row(preset, p.getProperty("classes"), p.getProperty("jars"), mb(p, "jarBytes"), mb(p, "nativeBytes"),
                    ms(p, "sourcesMs"), ms(p, "javacMs"), ms(p, "jarsMs"), ms(p, "gccMs"),
                    p.getProperty("wall_s", "–") + " s");
        }
        md.append(t.markdown()).append('\n');
    }

    private static String mb(Properties p, String key) {
        return String.format(Locale.ROOT, "%.1f", Long.parseLong(p.getProperty(key, "0")) / 1e6);
    }

    private static String ms(Properties p, String key) {
        return String.format(Locale.ROOT, "%.1f s", Long.parseLong(p.getProperty(key, "0")) / 1e3);
    }

    private void contention(ContentionResults runs, Calibration calibration, Calibration.Fit fit,
                            List<Calibration.Point> vanilla, List<Calibration.Point> served) throws IOException {
        md.append("## 2. Contention on the test bed\n\n")
          .append("Command (about 28 minutes): `sudo bench/scripts/contention.sh --preset pynamic` — 4 Slurm nodes (network\n")
          .append("namespaces), GlusterFS as the shared file system with its caches off and the injected metadata latency\n")
          .append("on LOOKUP, STAT, OPEN, READDIRP, GETXATTR and ACCESS. R ranks over min(R, 4) nodes run the generated\n")
          .append("`pynamic` application: plain `srun java -cp <jars on Gluster>` against `launch --read-cache --launcher srun`\n")
          .append("(pilot: 2 ranks; `--threads-per-rank off`, so both run the same JVMs), each as its own `sbatch --wait`,\n")
          .append("timed inside the job from just before the step to its end. Three repetitions, the modes interleaved and\n")
          .append("their order alternating. ").append(runs.failed()).append(" run(s) failed or printed a wrong checksum")
          .append(" (left out). Model columns: the calibrated model (§4); runs of up to ").append(FIT_UP_TO)
          .append(" ranks were used to fit it, larger ones are predictions.\n\n");
        for (int delay : runs.delays()) {
            md.append("### Injected metadata latency ").append(delay).append(" µs\n\n");
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
                Calibration.Point p = new Calibration.Point(delay * 1e-6, r, Math.min(r, 4), Double.NaN);
                double predV = calibration.predictVanilla(fit, List.of(p)).get(0).predicted();
                double predF = calibration.predictServed(fit, List.of(p)).get(0).predicted();
                t.row(r + " (" + Math.min(r, 4) + ")", range(v), range(f), Table.ratio(f.median() / v.median()),
                        Table.seconds(predV) + (r <= FIT_UP_TO ? " (fit)" : ""), Table.seconds(predF) + (r <= FIT_UP_TO ? " (fit)" : ""));
                x.add((double) r);
                mv.add(v.median());
                mf.add(f.median());
                pv.add(predV);
                pf.add(predF);
            }
            md.append(t.markdown()).append('\n');
            String png = "contention-" + delay + "us.png";
            new Chart("R ranks of the pynamic workload, Gluster metadata latency " + delay + " µs (test bed, 2 cores)",
                    "ranks", "seconds until the last rank finished", true, false)
                    .add("plain java, measured (median)", Chart.Kind.MEASURED, x, mv)
                    .add("fanload --read-cache, measured (median)", Chart.Kind.MEASURED, x, mf)
                    .add("plain, model", Chart.Kind.MODEL, x, pv)
                    .add("fanload, model", Chart.Kind.MODEL, x, pf)
                    .save(docs.resolve("plots").resolve(png));
            md.append("![").append(png).append("](../plots/").append(png).append(")\n\n");
        }
        timings(runs);
    }

    private void timings(ContentionResults runs) {
        md.append("Per-rank timings printed by the driver (medians over ranks, then over repetitions; ms):\n\n");
        Table t = new Table("latency", "ranks", "plain: launch→main / load", "fanload: launch→main / load");
        for (int delay : runs.delays()) {
            for (int r : runs.ranks()) {
                t.row(delay + " µs", r,
                        Table.number(runs.stats(delay, r, ContentionResults.VANILLA, Run::launchToMainMs).median()) + " / "
                                + Table.number(runs.stats(delay, r, ContentionResults.VANILLA, Run::loadMs).median()),
                        Table.number(runs.stats(delay, r, ContentionResults.FANLOAD, Run::launchToMainMs).median()) + " / "
                                + Table.number(runs.stats(delay, r, ContentionResults.FANLOAD, Run::loadMs).median()));
            }
        }
        md.append(t.markdown()).append('\n')
          .append("A served rank's launch→main includes waiting for its node's image (launch's JVM, the agents' JVMs, the\n")
          .append("tree): the fixed cost fanload pays once per job. Its load phase is where the shared file system no longer is.\n\n");
    }

    private static String range(Stats s) {
        return s.n() == 0 ? "–" : Table.seconds(s.median()) + " (" + Table.seconds(s.min()) + "–" + Table.seconds(s.max()) + ")";
    }

    private void operations(ContentionResults runs, Calibration.App app) throws IOException {
        md.append("## 3. Shared-file-system operations per run\n\n")
          .append("Gluster's own counters at the brick (`testbed.sh fs-ops`, `gluster volume profile`), cleared before and read\n")
          .append("after each run: metadata = LOOKUP + STAT + OPEN + GETXATTR + ACCESS + READDIRP (the delayed ones), all = every\n")
          .append("operation including READ. Medians over every latency and repetition.\n\n");
        Table t = new Table("ranks", "plain: metadata (all)", "plain: metadata per rank", "fanload: metadata (all)",
                "fanload: metadata per rank");
        List<Double> x = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> pf = new ArrayList<>();
        for (int r : runs.ranks()) {
            double vm = all(runs, r, ContentionResults.VANILLA, Run::metaOps);
            double va = all(runs, r, ContentionResults.VANILLA, Run::allOps);
            double fm = all(runs, r, ContentionResults.FANLOAD, Run::metaOps);
            double fa = all(runs, r, ContentionResults.FANLOAD, Run::allOps);
            t.row(r, Table.number(vm) + " (" + Table.number(va) + ")", Table.number(vm / r),
                    Table.number(fm) + " (" + Table.number(fa) + ")", Table.number(fm / r));
            x.add((double) r);
            pv.add(vm / r);
            pf.add(fm / r);
        }
        md.append(t.markdown()).append('\n')
          .append(String.format(Locale.ROOT, "So a plain rank of this application costs the metadata server about %,d operations;"
                  + " a fanload run costs about %,d for the whole job, whatever its width (launch's checks of the sources and the"
                  + " archive, the root agent's read; not broken down here) plus %,d per further rank. These counts are the model's inputs (§4).%n%n",
                  app.vanillaOpsPerRank(), app.launchOps(), app.servedOpsPerRank()));
        new Chart("Shared-FS metadata operations per rank (Gluster brick counters, pynamic workload)", "ranks",
                "metadata operations per rank", true, true)
                .add("plain java", Chart.Kind.MEASURED, x, pv)
                .add("fanload --read-cache", Chart.Kind.MEASURED, x, pf)
                .save(docs.resolve("plots/fs-ops-per-rank.png"));
        md.append("![fs-ops-per-rank.png](../plots/fs-ops-per-rank.png)\n\n");
    }

    private static double all(ContentionResults runs, int ranks, String mode, java.util.function.ToDoubleFunction<Run> f) {
        List<Double> v = new ArrayList<>();
        for (int d : runs.delays()) {
            runs.cell(d, ranks, mode).forEach(r -> v.add(f.applyAsDouble(r)));
        }
        return median(v);
    }

    private void memory(ContentionResults runs) {
        md.append("### Memory: the node-local image per rank\n\n")
          .append("Each rank's driver sums `Pss` and `Rss` over its mappings under `FANLOAD_NODE_DIR` (the node-local image)\n")
          .append("in `/proc/self/smaps`, and `Pss` over the whole process. PSS divides a shared page among the processes\n")
          .append("mapping it, so one copy per node shows as RSS / ranks-per-node. Medians over ranks and runs.\n\n");
        Table t = new Table("ranks", "ranks per node", "image PSS per rank", "image RSS per rank", "process PSS: fanload",
                "process PSS: plain");
        for (int r : runs.ranks()) {
            t.row(r, (r + Math.min(r, 4) - 1) / Math.min(r, 4),
                    kib(all(runs, r, ContentionResults.FANLOAD, Run::imagePssKb)),
                    kib(all(runs, r, ContentionResults.FANLOAD, Run::imageRssKb)),
                    kib(all(runs, r, ContentionResults.FANLOAD, Run::pssKb)),
                    kib(all(runs, r, ContentionResults.VANILLA, Run::pssKb)));
        }
        md.append(t.markdown()).append('\n');
    }

    /**
     * Where fanload's predictions beyond the fitted widths fall short, how much of the 2 cores the
     * served ranks had: R x a rank's CPU / 2 against their span from main to the step's end. What
     * they did not have went to the machine's other work, which the model (the cores are the job's)
     * does not see.
     */
    private void predictionGap(ContentionResults runs, List<Calibration.Prediction> served) {
        double[] ratios = beyondTheFit(served);
        double[] shares = runs.runs().stream()
                .filter(r -> r.ok() && r.mode().equals(ContentionResults.FANLOAD) && r.ranks() > FIT_UP_TO
                        && !Double.isNaN(r.cpuMs()) && r.wallMs() > r.launchToMainMs())
                .mapToDouble(r -> r.ranks() * r.cpuMs() / 2 / (r.wallMs() - r.launchToMainMs())).toArray();
        if (ratios.length == 0 || shares.length == 0) {
            return;
        }
        Stats ratio = Stats.of(ratios);
        Stats share = Stats.of(shares);
        md.append(String.format(Locale.ROOT, "Beyond the fitted widths the model gives fanload %.2f–%.2f of the measured time."
                        + " In those runs the served ranks' own CPU (R × their measured CPU / 2 cores) filled only %.0f %% (%.0f–%.0f %%)"
                        + " of their span from main to the step's end: the rest of the 2 cores went to other work — the agents"
                        + " and launch, and the other engineers' builds and benchmarks (load average in the header) — which the"
                        + " model, where the cores belong to the job, does not see. Plain runs at those widths wait on the"
                        + " metadata server, not on the cores, and the model follows them.%n%n",
                ratio.min(), ratio.max(), share.median() * 100, share.min() * 100, share.max() * 100));
    }

    private static String kib(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f KiB", v);
    }

    private void model(ContentionResults runs, Calibration.App app, Calibration.Fit fit, Calibration calibration,
                       List<Calibration.Point> vanilla, List<Calibration.Point> served) throws IOException {
        md.append("## 4. The scale model\n\n")
          .append("`io.fanload.bench.model` (tests: `mvn -pl bench test`): a discrete-event simulation. Plain start: every rank\n")
          .append("sends its metadata operations one after another, with its CPU work spread between them, to one FIFO\n")
          .append("server (a service time = 1/rate, plus a round trip); the tests check it against M/D/1 and the closed forms\n")
          .append("of one client and of saturation. fanload: launch's operations, the agents' start (and their operations,\n")
          .append("when fanload itself is on the shared file system), the tree at chunk granularity (one uplink per node\n")
          .append("shared by its children, cut-through; the tests check the chain's S/B + (P-2)·chunk/B + (P-1)·a and the\n")
          .append("star's (P-1)·S/B + a), verify-and-expand per node, then the served ranks.\n\n");
        md.append("### Calibration on the test bed\n\n")
          .append(String.format(Locale.ROOT, "Inputs measured (§3): %,d metadata operations per plain rank, %,d per served rank,"
                  + " %,d per fanload job; archive %.1f MB. Fitted on the runs of up to %d ranks at both latencies: the brick's"
                  + " base service time s0 = %.0f µs on top of the injected latency; a plain rank's run alone %.2f s and the step's"
                  + " fixed cost %.2f s; a served rank's run alone %.2f s, a node agent's start %.2f s and fanload's fixed cost %.2f s"
                  + " (launch's JVM, coordinator, the step). A rank's CPU, every thread, measured in the same runs (median,"
                  + " up to %d ranks; 0: not measured): plain %.2f s, served %.2f s. R ranks take at least R × that CPU / 2 cores"
                  + " (every simulated node shares the machine's 2 cores), the agents' start is stretched by nodes / 2 cores."
                  + " RMS error of the fit: plain %.2f s, fanload %.2f s.%n%n",
                  app.vanillaOpsPerRank(), app.servedOpsPerRank(), app.launchOps(), app.archiveBytes() / 1e6, FIT_UP_TO,
                  fit.s0() * 1e6, fit.vanillaCpu(), fit.vanillaFixed(), fit.servedCpu(), fit.agentSeconds(), fit.servedFixed(),
                  FIT_UP_TO, app.vanillaCoreSeconds(), app.servedCoreSeconds(), fit.vanillaError(), fit.servedError()));
        Table t = new Table("latency", "ranks", "plain: measured", "plain: model", "ratio", "fanload: measured", "fanload: model", "ratio");
        List<Calibration.Prediction> pv = calibration.predictVanilla(fit, vanilla);
        List<Calibration.Prediction> pf = calibration.predictServed(fit, served);
        for (int i = 0; i < pv.size(); i++) {
            Calibration.Prediction v = pv.get(i);
            Calibration.Prediction f = i < pf.size() ? pf.get(i) : null;
            String fit2 = v.point().ranks() <= FIT_UP_TO ? " (fit)" : "";
            t.row(Math.round(v.point().delaySeconds() * 1e6) + " µs", v.point().ranks() + fit2,
                    Table.seconds(v.point().seconds()), Table.seconds(v.predicted()), Table.ratio(v.ratio()),
                    f == null ? "–" : Table.seconds(f.point().seconds()), f == null ? "–" : Table.seconds(f.predicted()),
                    f == null ? "–" : Table.ratio(f.ratio()));
        }
        md.append(t.markdown()).append('\n');
        predictionGap(runs, pf);

        md.append("### Start-up time against ranks, 24 to 96,000 ranks\n\n")
          .append("24 ranks per node on 24 cores; the calibrated per-rank operations and CPU; a Lustre metadata server at\n")
          .append("100,000 op/s (base) or 400,000 op/s (the stat-only peak), 0.5 ms round trip; tree at 10 Gbit/s, 50 µs per\n")
          .append("hop, 1 MiB chunks, fanload's default shape. Sources: Dell, *Dell Storage for HPC with Intel Enterprise Edition\n")
          .append("for Lustre* white paper, mdtest 1.9.3 on one MDT: file stat ~2,000 op/s with one thread (0.5 ms round trip)\n")
          .append("to over 400,000 op/s with 240 threads, file create ~15,000 op/s\n")
          .append("(<http://www.manualshelf.com/manual/dell/high-performance-computing-solution-resources/>, pages 21–23);\n")
          .append("mdtest's method: <https://wiki.lustre.org/MDTest>. A JVM's opens cost an intent-lock RPC and a close each,\n")
          .append("more than a stat: hence 100,000 op/s as the base case. Gluster with caches off sends every lookup to the\n")
          .append("server; a Lustre client caches some under its locks, so the per-rank counts are an upper bound there.\n\n");
        Table s = new Table("ranks", "nodes", "plain, 100k op/s", "plain, 400k op/s", "fanload", "fanload, FANLOAD_HOME on Lustre",
                "plain / fanload (100k)");
        List<Double> x = new ArrayList<>();
        List<Double> v100 = new ArrayList<>();
        List<Double> v400 = new ArrayList<>();
        List<Double> f = new ArrayList<>();
        List<Double> fh = new ArrayList<>();
        StartupModel base = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE, 0));
        StartupModel peak = new StartupModel(LustreMachine.params(app, fit, LustreMachine.STAT_PEAK_RATE, 0));
        StartupModel home = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE,
                LustreMachine.AGENT_OPS_SHARED_HOME));
        for (int r : SCALE_RANKS) {
            double a = base.vanilla(r).total();
            double b = peak.vanilla(r).total();
            double c = base.fanload(r).total();
            double d = home.fanload(r).total();
            s.row(String.format(Locale.ROOT, "%,d", r), String.format(Locale.ROOT, "%,d", (r + 23) / 24),
                    Table.seconds(a), Table.seconds(b), Table.seconds(c), Table.seconds(d), Table.ratio(a / c));
            x.add((double) r);
            v100.add(a);
            v400.add(b);
            f.add(c);
            fh.add(d);
        }
        md.append(s.markdown()).append('\n');
        new Chart("Job start-up against ranks: model (24 ranks/node, Lustre MDS, calibrated on the test bed)", "ranks",
                "seconds until the last rank finished", true, true)
                .add("plain java, MDS 100k op/s", Chart.Kind.MODEL, x, v100)
                .add("plain java, MDS 400k op/s", Chart.Kind.MODEL, x, v400)
                // Drawn first, so the base fanload curve (identical up to ~48,000 ranks) stays visible on top.
                .add("fanload, its own jars on Lustre", Chart.Kind.MODEL, x, fh)
                .add("fanload", Chart.Kind.MODEL, x, f)
                .add("plain, measured on the test bed (2 ms)", Chart.Kind.MEASURED, measuredX(vanilla, 2e-3), measuredY(vanilla, 2e-3))
                .add("fanload, measured on the test bed (2 ms)", Chart.Kind.MEASURED, measuredX(served, 2e-3), measuredY(served, 2e-3))
                .save(docs.resolve("plots/scale-model.png"));
        md.append("![scale-model.png](../plots/scale-model.png)\n\n")
          .append("The measured points are the test bed's (2 cores, Gluster with 2 ms): they sit where the test bed's own\n")
          .append("model puts them (table above), not on the Lustre curves; they are drawn for scale.\n\n");
    }

    private static List<Double> measuredX(List<Calibration.Point> points, double delay) {
        return points.stream().filter(p -> Math.abs(p.delaySeconds() - delay) < 1e-9).map(p -> (double) p.ranks()).toList();
    }

    private static List<Double> measuredY(List<Calibration.Point> points, double delay) {
        return points.stream().filter(p -> Math.abs(p.delaySeconds() - delay) < 1e-9).map(Calibration.Point::seconds).toList();
    }

    private void broadcast(Calibration.App app) throws IOException {
        md.append("## 5. Broadcast against the S/B bound\n\n")
          .append("Measured: every 1 MiB-chunk figure in docs/perf/tree.md (`bench/scripts/tree-netns.sh`: network\n")
          .append("namespaces at 1 Gbit/s on the loaded 2-core machine; the section each comes from is given). Model:\n")
          .append("`TreeBroadcast` with B = 1 Gbit/s, a = 50 µs, 1 MiB chunks, the archive already read (the tree alone).\n")
          .append("Bound: S/B + ceil(log2 P)·a (DESIGN §8).\n\n");
        double b = 125e6;
        double a = 50e-6;
        List<TreeFigures.Point> measured = TreeFigures.read(docs.resolve("perf/tree.md"));
        Table t = new Table("docs/perf/tree.md section", "P", "S", "shape", "measured", "model", "bound", "measured / bound",
                "measured / model");
        for (TreeFigures.Point p : measured) {
            int fanout = switch (p.shape()) {
                case "chain" -> 1;
                case "binary" -> 2;
                default -> -1;
            };
            if (fanout < 0 || Double.isNaN(p.seconds())) {
                continue;
            }
            long bytes = (long) p.mib() << 20;
            double bound = bound(bytes, p.nodes(), b, a);
            double model = TreeBroadcast.completion(p.nodes(), fanout, bytes, 1 << 20, b, a, Double.POSITIVE_INFINITY);
            t.row(p.heading().replaceAll("\\s*[—(,].*$", ""), p.nodes(), p.mib() + " MiB", p.shape(), Table.seconds(p.seconds()), Table.seconds(model),
                    Table.seconds(bound), Table.ratio(p.seconds() / bound), Table.ratio(p.seconds() / model));
        }
        md.append(t.markdown()).append('\n');
        long bytes = 256L << 20;
        List<Double> x = new ArrayList<>();
        List<Double> model = new ArrayList<>();
        List<Double> chain = new ArrayList<>();
        List<Double> bounds = new ArrayList<>();
        for (int p = 2; p <= 4096; p *= 2) {
            x.add((double) p);
            model.add(TreeBroadcast.completion(p, TreeBroadcast.defaultFanout(p), bytes, 1 << 20, b, a, Double.POSITIVE_INFINITY));
            chain.add(TreeBroadcast.completion(p, 1, bytes, 1 << 20, b, a, Double.POSITIVE_INFINITY));
            bounds.add(bound(bytes, p, b, a));
        }
        Chart chart = new Chart("Broadcast of 256 MiB at 1 Gbit/s per node: tree against the S/B bound", "nodes", "seconds",
                true, false)
                .add("bound S/B + ceil(log2 P)·a", Chart.Kind.BOUND, x, bounds)
                .add("model: default shape (chain to 16, binary beyond)", Chart.Kind.MODEL, x, model)
                .add("model: chain", Chart.Kind.MODEL, x, chain);
        for (String shape : List.of("chain", "binary")) {
            java.util.TreeMap<Integer, Double> best = new java.util.TreeMap<>();
            for (TreeFigures.Point p : measured) {
                if (p.shape().equals(shape) && p.mib() == 256 && !Double.isNaN(p.seconds())) {
                    best.merge(p.nodes(), p.seconds(), Math::min);
                }
            }
            chart.add("measured: " + shape + ", best in docs/perf/tree.md", Chart.Kind.MEASURED,
                    best.keySet().stream().map(Integer::doubleValue).toList(), List.copyOf(best.values()));
        }
        chart.save(docs.resolve("plots/broadcast.png"));
        md.append("![broadcast.png](../plots/broadcast.png)\n\n")
          .append(String.format(Locale.ROOT, "In the model the default shape stays within %.2fx of the bound up to 4,096 nodes"
                          + " (a binary tree pays 2·S/B: each node's uplink carries the archive twice); the chain alone would reach"
                          + " %.1fx at 4,096 nodes (its pipeline fill, P·chunk/B). Measured on 2 shared cores, the chain with warm"
                          + " agents comes closest to the bound at 4 nodes; at 8 and 16 nodes the agents are CPU-bound"
                          + " (docs/perf/tree.md). For the %.1f MB pynamic archive at 1,000 nodes and 10 Gbit/s the tree is"
                          + " %.2f s of the model's fanload start.%n%n",
                  model.get(model.size() - 1) / bounds.get(bounds.size() - 1), chain.get(chain.size() - 1) / bounds.get(bounds.size() - 1),
                  app.archiveBytes() / 1e6,
                  TreeBroadcast.completion(1000, 2, app.archiveBytes(), 1 << 20, LustreMachine.LINK, LustreMachine.HOP, LustreMachine.SOURCE_RATE)));
    }

    /** H2 and Rhino, one jar each, when bench/results holds their runs. */
    private void realApplications(Calibration.Fit fit) throws IOException {
        md.append("## 4b. Two real applications\n\n")
          .append("Command: `sudo bench/scripts/contention.sh --preset h2|rhino --ranks \"1 4 16 32\"` (about 4 minutes per\n")
          .append("latency): H2 2.3.232's `Shell` running a query on an in-memory database, Rhino 1.7.15 evaluating a\n")
          .append("one-line script (the compat tests' cases), one jar each from the local Maven repository on the Gluster\n")
          .append("volume; a run counts when every rank printed the expected line. 300 µs and 2 ms latency, three repetitions\n")
          .append("each, interleaved as for pynamic (the machine and its load: `bench/results/contention-h2.properties`\n")
          .append("and `-rhino.properties`).\n\n");
        Table t = comparisonTable();
        List<String> lustre = new ArrayList<>();
        for (String name : List.of("h2", "rhino")) {
            compare(name, fit, t, lustre);
        }
        md.append(t.markdown()).append('\n')
          .append("With one jar, a plain rank makes few metadata operations, and on 4 simulated nodes fanload's fixed cost\n")
          .append("(launch's JVM, the agents, the tree) is not repaid: plain is faster at every width measured here. The Lustre\n")
          .append("model (§4) with each application's counts and its own calibration still gives fanload the lead at full width: ")
          .append(String.join("; ", lustre)).append(".\n\n");
    }

    private static Table comparisonTable() {
        return new Table("application", "latency", "ranks", "plain: median (min–max)", "fanload: median (min–max)",
                "fanload / plain", "metadata ops: plain per rank", "fanload per job");
    }

    /**
     * One application's rows (every latency and width in its results, when bench/results holds them)
     * and its Lustre model line at 24,000 ranks: calibrated on its own runs where they allow a fit and a
     * check of it, with the pynamic calibration's fit otherwise.
     */
    private void compare(String name, Calibration.Fit fit, Table t, List<String> lustre) throws IOException {
        Path tsv = results.resolve("contention-" + name + ".tsv");
        if (!Files.exists(tsv)) {
            return;
        }
        ContentionResults runs = ContentionResults.read(tsv);
        Calibration.App app = app(runs, properties(results.resolve("contention-" + name + ".properties")));
        for (int delay : runs.delays()) {
            for (int r : runs.ranks()) {
                Stats v = runs.seconds(delay, r, ContentionResults.VANILLA);
                Stats f = runs.seconds(delay, r, ContentionResults.FANLOAD);
                t.row(name, delay + " µs", r, range(v), range(f), Table.ratio(f.median() / v.median()),
                        Table.number(all(runs, r, ContentionResults.VANILLA, Run::metaOps) / r),
                        Table.number(all(runs, r, ContentionResults.FANLOAD, Run::metaOps)));
            }
        }
        Calibration own = new Calibration(app);
        List<Calibration.Point> vanilla = points(runs, ContentionResults.VANILLA);
        List<Calibration.Point> served = points(runs, ContentionResults.FANLOAD);
        // Its own fit only where it can be checked: two widths to fit on, and wider runs to predict.
        boolean fitsItself = widthsToFit(vanilla) >= 2 && widthsToFit(served) >= 2
                && runs.ranks().last() > FIT_UP_TO;
        Calibration.Fit used = fitsItself ? own.fit(vanilla, served, FIT_UP_TO) : fit;
        String calibrated = fitsItself
                ? String.format(Locale.ROOT, "calibrated on its own runs of up to %d ranks: a plain rank %.2f s of CPU,"
                        + " a served one %.2f s, fit error %.2f / %.2f s; wider runs predicted %s",
                        FIT_UP_TO, used.vanillaCpu(), used.servedCpu(), used.vanillaError(), used.servedError(),
                        predictedAgainstMeasured(own, used, vanilla, served))
                : "the pynamic calibration's CPU figures: too few widths to fit and check its own";
        lustre.add(String.format(Locale.ROOT, "%s (%,d operations per rank; %s): %s at 24,000 ranks",
                name, app.vanillaOpsPerRank(), calibrated, atFullWidth(app, used)));
    }

    /** The model's headline: plain and fanload start-up at 24,000 ranks on the base Lustre metadata server. */
    private static String atFullWidth(Calibration.App app, Calibration.Fit fit) {
        StartupModel m = new StartupModel(LustreMachine.params(app, fit, LustreMachine.BASE_RATE, 0));
        return "plain " + Table.seconds(m.vanilla(24_000).total()) + ", fanload " + Table.seconds(m.fanload(24_000).total());
    }

    /** How many rank counts up to FIT_UP_TO the points hold: a fit needs two at least. */
    private static long widthsToFit(List<Calibration.Point> points) {
        return points.stream().filter(p -> p.ranks() <= FIT_UP_TO).mapToInt(Calibration.Point::ranks).distinct().count();
    }

    /** The model against the runs it was not fitted on, "plain 0.97x, fanload 1.10x" (medians of the ratios). */
    private static String predictedAgainstMeasured(Calibration calibration, Calibration.Fit fit,
                                                   List<Calibration.Point> vanilla, List<Calibration.Point> served) {
        double[] v = beyondTheFit(calibration.predictVanilla(fit, vanilla));
        double[] f = beyondTheFit(calibration.predictServed(fit, served));
        if (v.length == 0 || f.length == 0) {
            return "(none measured)";
        }
        return String.format(Locale.ROOT, "at %.2fx (plain) and %.2fx (fanload) of the measured medians",
                Stats.of(v).median(), Stats.of(f).median());
    }

    /** Predicted ÷ measured for the widths the model was not fitted on. */
    private static double[] beyondTheFit(List<Calibration.Prediction> predictions) {
        return predictions.stream().filter(p -> p.point().ranks() > FIT_UP_TO).mapToDouble(Calibration.Prediction::ratio)
                .toArray();
    }

    /** The generator's large preset on the test bed, when bench/results holds its runs. */
    private void largePreset(Calibration.Fit fit) throws IOException {
        if (!Files.exists(results.resolve("contention-large.tsv"))) {
            return;
        }
        Properties p = properties(results.resolve("contention-large.properties"));
        md.append("## 4c. The large preset\n\n")
          .append("Command (about 15 minutes, one repetition: a plain rank of this application takes tens of seconds on\n")
          .append("Gluster): `sudo bench/scripts/contention.sh --preset large --ranks \"1 4\" --delays 300 --reps 1`. The\n")
          .append(String.format(Locale.ROOT, "generator's `large` preset: 19,220 classes in 502 jars and 20 JNI libraries,"
                  + " archive %.0f MB; machine and load: `bench/results/contention-large.properties` (%s at the start).%n%n",
                  Long.parseLong(p.getProperty("archive_bytes", "0")) / 1e6, p.getProperty("load_at_start", "–")));
        Table t = comparisonTable();
        List<String> lustre = new ArrayList<>();
        compare("large", fit, t, lustre);
        md.append(t.markdown()).append('\n')
          .append("The Lustre model with these counts: ")
          .append(String.join("; ", lustre)).append(".\n\n");
    }

    private void closing() {
        md.append("## 6. Regenerating, and what is not here\n\n")
          .append("- `bench/scripts/regenerate.sh`: this page and its five PNGs from the committed results: 7-33 s measured\n")
          .append("  (bench build 0-25 s, calibration grid and plots 7-10 s). `--measure` first re-runs\n")
          .append("  `generate-presets.sh` (~2 min) and, as root, `contention.sh` for pynamic (~28 min on 2 cores), h2 and rhino\n")
          .append("  (~8 min each; the large preset is not part of it, §4c); the test bed is up only\n")
          .append("  while `contention.sh` runs and it is taken down on exit or failure.\n")
          .append("- The model's tests: `mvn -B -o -pl bench test` (M/D/1, one client, saturation, grouping, chain and star\n")
          .append("  closed forms, binary-tree bounds, recovery of known calibration parameters, the generator end to end).\n")
          .append("- Not measured here: ranks beyond 32 (2 cores), and the large preset beyond one repetition at 4 ranks\n")
          .append("  and 300 µs (§4c).\n")
          .append("  The Lustre curves are a model: its per-rank counts come from Gluster with caches off (an upper bound\n")
          .append("  for a caching Lustre client) and its CPU figures from a loaded 2-core machine.\n");
    }

    private static double bound(long bytes, int nodes, double b, double a) {
        return bytes / b + Math.ceil(Math.log(nodes) / Math.log(2)) * a;
    }
}
