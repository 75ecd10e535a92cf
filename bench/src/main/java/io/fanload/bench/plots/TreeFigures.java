package io.fanload.bench.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network-namespace tree figures of docs/perf/tree.md (issue 4's benchmark, 1 Gbit/s links),
 * read from its Markdown tables so the plot follows that document as it is re-run. Two table
 * layouts carry 1 MiB-chunk times by P and S: {@code | P | S | shape | ... | 1 MiB | ... |} and
 * {@code | P | S | chain | binary | bound |} (one column per shape); each point keeps the heading
 * it was found under (e.g. "Warm agents").
 */
final class TreeFigures {

    /** One measured distribution: P nodes, S MiB, shape, the 1 MiB-chunk time (NaN when absent). */
    record Point(int nodes, int mib, String shape, double seconds, String heading) {
    }

    private static final Pattern SECONDS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) s");
    private static final Pattern MIB = Pattern.compile("(\\d+) MiB");

    private TreeFigures() {
    }

    static List<Point> read(Path treeMd) throws IOException {
        List<Point> out = new ArrayList<>();
        if (!Files.exists(treeMd)) {
            return out;
        }
        String heading = "";
        List<String> header = null;
        for (String line : Files.readAllLines(treeMd)) {
            if (line.startsWith("#")) {
                heading = line.replaceFirst("^#+\\s*", "").strip();
                header = null;
                continue;
            }
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.isEmpty() || cells.get(0).startsWith("---") || !cells.get(0).matches("\\d+")
                    || header.size() < 2 || !header.get(0).equals("P") || !header.get(1).equals("S")) {
                continue;
            }
            Matcher mib = MIB.matcher(cells.get(1));
            if (!mib.find()) {
                continue;
            }
            int nodes = Integer.parseInt(cells.get(0));
            int size = Integer.parseInt(mib.group(1));
            int shapeColumn = header.indexOf("shape");
            int mibColumn = header.indexOf("1 MiB");
            if (shapeColumn >= 0 && mibColumn >= 0 && mibColumn < cells.size()) {
                out.add(new Point(nodes, size, cells.get(shapeColumn), seconds(cells.get(mibColumn)), heading));
            } else if (shapeColumn < 0) {
                for (String shape : List.of("chain", "binary")) {
                    int c = header.indexOf(shape);
                    if (c >= 0 && c < cells.size()) {
                        out.add(new Point(nodes, size, shape, seconds(cells.get(c)), heading));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        String[] parts = line.split("\\|", -1);
        for (int i = 1; i < parts.length - 1; i++) {
            out.add(parts[i].strip());
        }
        return out;
    }

    private static double seconds(String cell) {
        Matcher s = SECONDS.matcher(cell);
        return s.find() ? Double.parseDouble(s.group(1)) : Double.NaN;
    }
}
