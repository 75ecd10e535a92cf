package io.fanload.bench.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A results TSV with a header line, as rows of named cells; an absent file is no rows. */
record Rows(List<Map<String, String>> rows) {

    static Rows read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            String[] names = lines.get(0).split("\t");
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                if (cells.length != names.length) {
                    throw new IOException(file + ": a row of " + cells.length + " cells under " + names.length + " names");
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < names.length; i++) {
                    row.put(names[i], cells[i]);
                }
                rows.add(row);
            }
        }
        return new Rows(List.copyOf(rows));
    }

    static double number(Map<String, String> row, String name) {
        return Double.parseDouble(row.get(name));
    }
}
