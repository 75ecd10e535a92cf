package io.fanload.server.coordinator;

import io.fanload.server.counters.RankTotals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The node agents' reports of their ranks' counters (Counters messages), the latest per node, and
 * whether launch has all it will get. Confined to the coordinator's loop.
 */
final class RankReports {

    /** How long every connected agent's report must stand unchanged when they do not cover every rank. */
    static final long SETTLE_NANOS = 1_000_000_000L;

    private final Map<String, RankTotals> byNode = new LinkedHashMap<>();
    private long changedNanos;

    void add(String nodeId, RankTotals totals, long now) {
        byNode.put(nodeId, totals);
        changedNanos = now;
    }

    /**
     * Whether waiting is over: the reports cover {@code ranks} ended ranks, or every agent still
     * connected ({@code connected}) reported and none changed for {@link #SETTLE_NANOS} (some ranks
     * never registered, or their agent died: nobody will report them).
     */
    boolean complete(int ranks, Set<String> connected, long now) {
        int finished = byNode.values().stream().mapToInt(RankTotals::finished).sum();
        return finished >= ranks || byNode.keySet().containsAll(connected) && now - changedNanos >= SETTLE_NANOS;
    }

    Map<String, RankTotals> snapshot() {
        return Map.copyOf(byNode);
    }
}
