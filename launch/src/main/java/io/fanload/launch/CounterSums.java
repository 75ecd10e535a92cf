package io.fanload.launch;

import io.fanload.server.counters.RankTotals;
import io.fanload.server.counters.TotalsBuilder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job's sums of the ranks' counters, from the node agents' reports (each node's ranks leave
 * their counters and failing statuses with their agent, node-local; RankCollector): every numeric
 * key a rank wrote (loader-hooks RankCounters: {@code classesFromCache}, {@code misses},
 * {@code runtimeRanks}, ...; and what the bootstrap writes for a rank started with the trained JVM
 * cache: {@code jvmCacheRanks}, {@code classesFromJvmCache}, {@code jvmCacheRefused},
 * {@code jvmCacheLinkHeld}, {@code jvmCacheNoLink}), the missed names with how many ranks
 * missed each, the ranks that loaded the normal way, and the lowest failing rank's status. A rank
 * that no report covers with a counters file (it died, its node's agent died or never joined) is
 * counted in {@link #ranksWithoutCounters()}.
 */
final class CounterSums {

    /** The keys the report always has, 0 when no rank wrote them. */
    static final String[] SUMMED = {"classesFromCache", "resourcesFromCache", "nativesFromCache", "bytesFromCache", "misses",
        "missesAbsent", "sharedFsLoads", "runtimeRanks", "jvmCacheRanks", "classesFromJvmCache", "jvmCacheRefused",
        "jvmCacheLinkHeld", "jvmCacheNoLink"};
    /** How many of the most frequent missed names the report and the summary name. */
    static final int MISSED_NAMES_SHOWN = 10;

    private final RankTotals totals;
    private final int ranks;
    private final Map<String, Long> sums = new LinkedHashMap<>();

    private CounterSums(RankTotals totals, int ranks) {
        this.totals = totals;
        this.ranks = ranks;
        for (String key : SUMMED) {
            sums.put(key, 0L);
        }
        sums.putAll(new TreeMap<>(totals.sums()));
    }

    /** The sums of the nodes' reports for a job of {@code ranks} ranks. */
    static CounterSums of(Collection<RankTotals> nodes, int ranks) {
        TotalsBuilder all = new TotalsBuilder();
        nodes.forEach(all::add);
        return new CounterSums(all.build(), ranks);
    }

    long get(String key) {
        return sums.getOrDefault(key, 0L);
    }

    /** Every summed key, the report's own first. */
    Map<String, Long> sums() {
        return sums;
    }

    /** The most frequently missed names, most ranks first (then by name), with how many ranks missed each. */
    Map<String, Integer> mostMissed() {
        Map<String, Integer> top = new LinkedHashMap<>();
        totals.missedBy().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MISSED_NAMES_SHOWN)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    int fallbackRanks() {
        return totals.fallbackRanks();
    }

    int ranksWithoutCounters() {
        return Math.max(0, ranks - totals.withCounters());
    }

    /** The lowest failing rank's status, or {@code otherwise} when no report named a failing rank. */
    int lowestFailingStatus(int otherwise) {
        return totals.failingRank() >= 0 ? totals.failingStatus() : otherwise;
    }
}
