package io.fanload.bench.model;

/**
 * Ranks that all start at once and each make {@code opsPerClient} metadata operations one after
 * the other (a JVM opens its jars and probes its resources sequentially, on one thread), with
 * {@code thinkSeconds} of CPU before each: the plain start of a job. Each operation travels half a
 * round trip to the server, queues, is served, and travels back.
 *
 * <p>Every client has at most one operation in flight, so the simulation keeps one event per
 * client in a heap ordered by arrival at the server. To bound the cost at 24,000+ ranks, operations
 * are simulated in groups of {@code g} (one arrival carrying g units of service, g round trips and
 * g think times): exact without contention, and the same total work at the server when it
 * saturates; {@link #groupFor} keeps the events under {@code maxEvents} (the tests compare grouped
 * with ungrouped).
 */
public final class MetadataStorm {

    private MetadataStorm() {
    }

    /** The outcome: when the last client finished, the server's operation count and busy time. */
    public record Outcome(double lastFinish, double meanFinish, long operations, double serverBusySeconds) {
    }

    public static int groupFor(long clients, long opsPerClient, long maxEvents) {
        return (int) Math.max(1, (clients * opsPerClient + maxEvents - 1) / maxEvents);
    }

    public static Outcome run(int clients, int opsPerClient, double serviceSeconds, double rttSeconds,
                              double thinkSeconds, int group) {
        if (clients < 1 || opsPerClient < 0 || group < 1) {
            throw new IllegalArgumentException("clients >= 1, ops >= 0, group >= 1");
        }
        FifoServer server = new FifoServer(serviceSeconds);
        if (opsPerClient == 0) {
            return new Outcome(0, 0, 0, 0);
        }
        int[] left = new int[clients];
        EventHeap heap = new EventHeap(clients);
        for (int c = 0; c < clients; c++) {
            left[c] = opsPerClient;
            int g = Math.min(group, left[c]);
            heap.push(g * thinkSeconds + rttSeconds / 2, c);
        }
        double last = 0;
        double sum = 0;
        while (heap.size() > 0) {
            double arrival = heap.peekTime();
            int c = heap.pop();
            int g = Math.min(group, left[c]);
            left[c] -= g;
            // g operations back to back: one queueing, g services, g round trips in all.
            double reply = server.serve(arrival, g) + rttSeconds / 2 + (g - 1) * rttSeconds;
            if (left[c] > 0) {
                int next = Math.min(group, left[c]);
                heap.push(reply + next * thinkSeconds + rttSeconds / 2, c);
            } else {
                last = Math.max(last, reply);
                sum += reply;
            }
        }
        return new Outcome(last, sum / clients, server.served(), server.busySeconds());
    }
}
