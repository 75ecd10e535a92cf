package io.fanload.server.counters;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The node-local folder where a node's ranks leave what launch reports (rank-bootstrap.sh):
 * {@code rank-N.properties}, the counters a serving rank's loader writes at exit (or the
 * bootstrap's {@code fallback=true} for a rank that loaded the normal way), and
 * {@code rank-N.status}, the exit status of a rank that failed. Both are written through a
 * temporary name, so a reader never sees half; anything else in the folder is ignored.
 */
public final class RankFolder {

    private static final String COUNTERS = ".properties";
    private static final String STATUS = ".status";

    private RankFolder() {
    }

    /** The ranks that left a file in {@code folder} (none if it is missing). */
    public static Set<Integer> ranks(Path folder) throws IOException {
        Set<Integer> ranks = new TreeSet<>();
        if (!Files.isDirectory(folder)) {
            return ranks;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "rank-*")) {
            for (Path file : files) {
                int rank = rankOf(file.getFileName().toString());
                if (rank >= 0) {
                    ranks.add(rank);
                }
            }
        }
        return ranks;
    }

    /** The totals of {@code finished} ranks, from what they left in {@code folder}. */
    public static RankTotals read(Path folder, int finished) throws IOException {
        TotalsBuilder totals = new TotalsBuilder().finished(finished);
        for (int rank : ranks(folder)) {
            Properties counters = load(folder.resolve("rank-" + rank + COUNTERS));
            if (counters != null) {
                totals.addRank(counters);
            }
            Integer status = status(folder.resolve("rank-" + rank + STATUS));
            if (status != null && status != 0) {
                totals.failed(rank, status);
            }
        }
        return totals.build();
    }

    /** N of {@code rank-N.properties} or {@code rank-N.status}; -1 for anything else (temporary files too). */
    static int rankOf(String name) {
        String number = name.endsWith(COUNTERS) ? name.substring(5, name.length() - COUNTERS.length())
                : name.endsWith(STATUS) ? name.substring(5, name.length() - STATUS.length()) : "";
        try {
            return number.isEmpty() ? -1 : Integer.parseInt(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            return properties;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException e) {
            return properties; // a malformed escape: what was read still counts
        }
    }

    private static Integer status(Path file) throws IOException {
        try {
            return Integer.parseInt(Files.readString(file).trim());
        } catch (NoSuchFileException | NumberFormatException e) {
            return null;
        }
    }
}
