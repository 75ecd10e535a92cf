package io.fanload.launch;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Sums of the per-rank counters that serving ranks write at exit (loader-hooks RankCounters:
 * {@code classesFromCache}, {@code resourcesFromCache}, {@code nativesFromCache},
 * {@code bytesFromCache}, {@code misses}, {@code missesAbsent}, {@code sharedFsLoads},
 * {@code runtimeRanks} (1 for a rank that ran the node's copy of the runtime), {@code fallback}; a
 * rank started with the trained JVM cache (rank-bootstrap.sh counts its JVM's log) also
 * {@code jvmCacheRanks}, {@code classesFromJvmCache} and {@code jvmCacheRefused} (its JVM did not map
 * the cache), and a rank whose node could not hold the cache's link {@code jvmCacheLinkHeld},
 * {@code missed.N}). A rank that wrote none (it died, or ran the normal way) is
 * counted in {@link #ranksWithoutCounters()}.
 */
final class CounterSums {

    static final String[] SUMMED = {"classesFromCache", "resourcesFromCache", "nativesFromCache", "bytesFromCache", "misses",
        "missesAbsent", "sharedFsLoads", "runtimeRanks", "jvmCacheRanks", "classesFromJvmCache", "jvmCacheRefused",
        "jvmCacheLinkHeld"};
    /** How many of the most frequent missed names the report and the summary name. */
    static final int MISSED_NAMES_SHOWN = 10;

    private final Map<String, Long> sums = new LinkedHashMap<>();
    private int fallbackRanks;
    private int ranksWithoutCounters;
    /** Missed name -> ranks that missed it (each rank lists its first missed names). */
    private final Map<String, Integer> missedBy = new HashMap<>();

    CounterSums() {
        for (String key : SUMMED) {
            sums.put(key, 0L);
        }
    }

    /** Rank {@code rank}'s counters file in {@code folder} (rank-bootstrap.sh names it the same way). */
    static Path file(Path folder, int rank) {
        return folder.resolve("rank-" + rank + ".properties");
    }

    /** The sums over ranks 0..ranks-1 of {@code folder}. */
    static CounterSums read(Path folder, int ranks) throws IOException {
        CounterSums sums = new CounterSums();
        for (int rank = 0; rank < ranks; rank++) {
            sums.addFile(file(folder, rank));
        }
        return sums;
    }

    private void addFile(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            ranksWithoutCounters++;
            return;
        }
        for (String key : SUMMED) {
            try {
                sums.merge(key, Long.parseLong(properties.getProperty(key, "0").trim()), Long::sum);
            } catch (NumberFormatException e) {
                // a rank that died while writing: its other counters still count
            }
        }
        for (int i = 0; properties.getProperty("missed." + i) != null; i++) {
            missedBy.merge(properties.getProperty("missed." + i), 1, Integer::sum);
        }
        if (Boolean.parseBoolean(properties.getProperty("fallback", "false"))) {
            fallbackRanks++;
        }
    }

    long get(String key) {
        return sums.getOrDefault(key, 0L);
    }

    Map<String, Long> sums() {
        return sums;
    }

    /** The most frequently missed names, most ranks first (then by name), with how many ranks missed each. */
    Map<String, Integer> mostMissed() {
        Map<String, Integer> top = new LinkedHashMap<>();
        missedBy.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MISSED_NAMES_SHOWN)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    int fallbackRanks() {
        return fallbackRanks;
    }

    int ranksWithoutCounters() {
        return ranksWithoutCounters;
    }
}
