package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;
import io.fanload.bench.contention.Run;
import io.fanload.bench.model.Calibration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** §3 of docs/perf/bench.md (operations.mustache): shared-FS operations per run and the node image's memory. */
final class OperationsSection {

    private final ContentionResults runs;
    private final Calibration.App app;
    private final Path plots;

    OperationsSection(ContentionResults runs, Calibration.App app, Path plots) {
        this.runs = runs;
        this.app = app;
        this.plots = plots;
    }

    Map<String, Object> values() throws IOException {
        return Map.of("operationsTable", operations(),
                "vanillaOpsPerRank", Format.thousands(app.vanillaOpsPerRank()),
                "launchOps", Format.thousands(app.launchOps()),
                "servedOpsPerRank", Format.thousands(app.servedOpsPerRank()),
                "memoryTable", memory());
    }

    private String operations() throws IOException {
        Table t = new Table("ranks", "plain: metadata (all)", "plain: metadata per rank", "fanload: metadata (all)",
                "fanload: metadata per rank");
        List<Double> x = new ArrayList<>();
        List<Double> pv = new ArrayList<>();
        List<Double> pf = new ArrayList<>();
        for (int r : runs.ranks()) {
            double vm = Measured.all(runs, r, ContentionResults.VANILLA, Run::metaOps);
            double va = Measured.all(runs, r, ContentionResults.VANILLA, Run::allOps);
            double fm = Measured.all(runs, r, ContentionResults.FANLOAD, Run::metaOps);
            double fa = Measured.all(runs, r, ContentionResults.FANLOAD, Run::allOps);
            t.row(r, Table.number(vm) + " (" + Table.number(va) + ")", Table.number(vm / r),
                    Table.number(fm) + " (" + Table.number(fa) + ")", Table.number(fm / r));
            x.add((double) r);
            pv.add(vm / r);
            pf.add(fm / r);
        }
        new Chart("Shared-FS metadata operations per rank (Gluster brick counters, pynamic workload)", "ranks",
                "metadata operations per rank", true, true)
                .add("plain java", Chart.Kind.MEASURED, x, pv)
                .add("fanload --read-cache", Chart.Kind.MEASURED, x, pf)
                .save(plots.resolve("fs-ops-per-rank.png"));
        return t.markdown();
    }

    private String memory() {
        Table t = new Table("ranks", "ranks per node", "image PSS per rank", "image RSS per rank", "process PSS: fanload",
                "process PSS: plain");
        for (int r : runs.ranks()) {
            int nodes = Measured.nodes(r);
            t.row(r, (r + nodes - 1) / nodes,
                    Format.kib(Measured.all(runs, r, ContentionResults.FANLOAD, Run::imagePssKb)),
                    Format.kib(Measured.all(runs, r, ContentionResults.FANLOAD, Run::imageRssKb)),
                    Format.kib(Measured.all(runs, r, ContentionResults.FANLOAD, Run::pssKb)),
                    Format.kib(Measured.all(runs, r, ContentionResults.VANILLA, Run::pssKb)));
        }
        return t.markdown();
    }
}
