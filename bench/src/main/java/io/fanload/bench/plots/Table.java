package io.fanload.bench.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table: a header, then rows of cells; numbers formatted by the caller. */
final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    /** The table's lines, the last one without a line break (a template puts the table on a line of its own). */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        sb.append(" --- |".repeat(header.size())).append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.substring(0, sb.length() - 1);
    }

    /** Seconds to two significant decimals below 10 s, one above, integers above 1,000 s. */
    static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "–";
        }
        if (s >= 1000) {
            return String.format(Locale.ROOT, "%,.0f s", s);
        }
        return String.format(Locale.ROOT, s >= 10 ? "%.1f s" : "%.2f s", s);
    }

    static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }
}
