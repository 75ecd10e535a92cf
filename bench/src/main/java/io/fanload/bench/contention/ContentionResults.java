package io.fanload.bench.contention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** All runs of one contention TSV, and their medians per (latency, ranks, mode). */
public final class ContentionResults {

    public static final String VANILLA = "vanilla";
    public static final String FANLOAD = "fanload";

    /** The columns every run needs (Run.of); the others may be missing in older results. */
    private static final List<String> REQUIRED = List.of("delay_us", "rep", "ranks", "nodes", "mode");

    private final List<Run> runs;

    public ContentionResults(List<Run> runs) {
        this.runs = List.copyOf(runs);
    }

    /** The runs of a contention TSV; a missing column or a cell that is not a number is an error naming its line. */
    public static ContentionResults read(Path tsv) throws IOException {
        List<String> lines = Files.readAllLines(tsv);
        if (lines.isEmpty()) {
            throw new IOException(tsv + " is empty");
        }
        String[] header = lines.get(0).split("\t");
        for (String column : REQUIRED) {
            if (!List.of(header).contains(column)) {
                throw new IOException(tsv + " line 1: no column " + column);
            }
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < header.length && c < cells.length; c++) {
                row.put(header[c], cells[c]);
            }
            try {
                runs.add(Run.of(row));
            } catch (NumberFormatException e) {
                throw new IOException(tsv + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new ContentionResults(runs);
    }

    public List<Run> runs() {
        return runs;
    }

    public TreeSet<Integer> delays() {
        TreeSet<Integer> out = new TreeSet<>();
        runs.forEach(r -> out.add(r.delayUs()));
        return out;
    }

    public TreeSet<Integer> ranks() {
        TreeSet<Integer> out = new TreeSet<>();
        runs.forEach(r -> out.add(r.ranks()));
        return out;
    }

    /** The successful runs of one cell. */
    public List<Run> cell(int delayUs, int ranks, String mode) {
        return runs.stream().filter(r -> r.delayUs() == delayUs && r.ranks() == ranks && r.mode().equals(mode) && r.ok())
                .toList();
    }

    public int failed() {
        return (int) runs.stream().filter(r -> !r.ok()).count();
    }

    public Stats stats(int delayUs, int ranks, String mode, ToDoubleFunction<Run> metric) {
        return Stats.of(cell(delayUs, ranks, mode).stream().mapToDouble(metric).toArray());
    }

    /** Wall time of the step, seconds. */
    public Stats seconds(int delayUs, int ranks, String mode) {
        return stats(delayUs, ranks, mode, r -> r.wallMs() / 1e3);
    }
}
