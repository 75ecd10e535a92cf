package io.fanload.server.counters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Adds up ranks' counters files (an agent, over its node's ranks) or {@link RankTotals} (launch,
 * over nodes). A counters file is java.util.Properties as loader-hooks' RankCounters writes it:
 * every key with a whole-number value is summed (keys added later, by the loader or the
 * bootstrap, flow through unknown), except {@code rank}; {@code missed.N} name missed names;
 * {@code fallback=true} marks a rank that loaded the normal way.
 */
public final class TotalsBuilder {

    private final Map<String, Long> sums = new LinkedHashMap<>();
    private final Map<String, Integer> missedBy = new LinkedHashMap<>();
    private int finished;
    private int withCounters;
    private int fallbackRanks;
    private int failingRank = -1;
    private int failingStatus;

    /** One rank's counters file. */
    public TotalsBuilder addRank(Properties counters) {
        withCounters++;
        for (String key : counters.stringPropertyNames()) {
            if (key.equals("rank") || key.startsWith("missed.")) {
                continue;
            }
            try {
                sums.merge(key, Long.parseLong(counters.getProperty(key).trim()), Long::sum);
            } catch (NumberFormatException e) {
                // not a counter (fallback, fallbackReason), or a rank that died while writing it
            }
        }
        for (int i = 0; counters.getProperty("missed." + i) != null; i++) {
            missedBy.merge(counters.getProperty("missed." + i), 1, Integer::sum);
        }
        if (Boolean.parseBoolean(counters.getProperty("fallback", "false"))) {
            fallbackRanks++;
        }
        return this;
    }

    /** A rank that exited {@code status} (not 0); the lowest-numbered such rank is kept. */
    public TotalsBuilder failed(int rank, int status) {
        if (failingRank < 0 || rank < failingRank) {
            failingRank = rank;
            failingStatus = status;
        }
        return this;
    }

    /** {@code ranks} more ranks ended (with or without a counters file). */
    public TotalsBuilder finished(int ranks) {
        finished += ranks;
        return this;
    }

    /** Another node's (or group's) totals. */
    public TotalsBuilder add(RankTotals t) {
        finished += t.finished();
        withCounters += t.withCounters();
        fallbackRanks += t.fallbackRanks();
        t.sums().forEach((key, value) -> sums.merge(key, value, Long::sum));
        t.missedBy().forEach((name, ranks) -> missedBy.merge(name, ranks, Integer::sum));
        if (t.failingRank() >= 0) {
            failed(t.failingRank(), t.failingStatus());
        }
        return this;
    }

    public RankTotals build() {
        return new RankTotals(finished, withCounters, fallbackRanks, failingRank, failingStatus, sums, missedBy);
    }
}
