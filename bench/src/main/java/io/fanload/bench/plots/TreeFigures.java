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
 * read from its Markdown table so the plot follows that document when it is re-run:
 * rows {@code | P | S | shape | 256 KiB | 1 MiB | 4 MiB | bound |}.
 */
final class TreeFigures {

    /** One measured distribution: P nodes, S MiB, shape, the 1 MiB-chunk time (NaN when absent). */
    record Point(int nodes, int mib, String shape, double seconds) {
    }

    private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(\\d+) MiB\\s*\\|\\s*(\\w[\\w-]*)\\s*\\|([^|]*)\\|([^|]*)\\|");
    private static final Pattern SECONDS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?) s");

    private TreeFigures() {
    }

    static List<Point> read(Path treeMd) throws IOException {
        List<Point> out = new ArrayList<>();
        if (!Files.exists(treeMd)) {
            return out;
        }
        for (String line : Files.readAllLines(treeMd)) {
            Matcher m = ROW.matcher(line);
            if (!m.find()) {
                continue;
            }
            Matcher s = SECONDS.matcher(m.group(5));
            double seconds = s.find() ? Double.parseDouble(s.group(1)) : Double.NaN;
            out.add(new Point(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3), seconds));
        }
        return out;
    }
}
