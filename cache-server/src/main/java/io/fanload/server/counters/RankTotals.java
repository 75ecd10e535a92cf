package io.fanload.server.counters;

import java.util.Map;

/**
 * Sums over some ranks (one node's, or the whole job's): {@code finished} ranks that ended,
 * {@code withCounters} of them left a counters file, {@code fallbackRanks} said {@code fallback=true};
 * {@code sums} of every numeric key of their counters files; {@code missedBy}: missed name ->
 * ranks that missed it; the lowest failing rank ({@code failingRank}, -1: none) and its status.
 */
public record RankTotals(int finished, int withCounters, int fallbackRanks, int failingRank, int failingStatus,
                         Map<String, Long> sums, Map<String, Integer> missedBy) {

    public RankTotals {
        sums = Map.copyOf(sums);
        missedBy = Map.copyOf(missedBy);
    }
}
