package io.fanload.bench.plots;

import io.fanload.bench.contention.ContentionResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The files of bench/results the report is made from: contention runs ({@code contention-NAME.tsv}
 * with their {@code .properties}), the generator's timings and the tree runs. A file the report
 * needs and cannot read is one {@link IOException} naming it and what is wrong.
 */
final class Results {

    private final Path dir;

    Results(Path dir) {
        this.dir = dir;
    }

    boolean hasContention(String name) {
        return Files.exists(dir.resolve("contention-" + name + ".tsv"));
    }

    ContentionResults contention(String name) throws IOException {
        return ContentionResults.read(required(dir.resolve("contention-" + name + ".tsv"),
                "the contention runs of bench/scripts/contention.sh --preset " + name));
    }

    /** {@code NAME.properties}, empty when absent (provenance is optional; its figures show as "–"). */
    Properties properties(String name) throws IOException {
        Path file = dir.resolve(name + ".properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        return p;
    }

    TreeFigures tree() throws IOException {
        String what = "the tree runs of bench/scripts/tree-netns.sh";
        return TreeFigures.read(required(dir.resolve(TreeFigures.NAME + ".tsv"), what),
                required(dir.resolve(TreeFigures.NAME + ".properties"), what));
    }

    private static Path required(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing (" + what + ")");
        }
        return file;
    }
}
