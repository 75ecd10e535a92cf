package io.fanload.bench.model;

/**
 * The fan-out tree at chunk granularity. Nodes are numbered breadth-first; node i's children are
 * {@code k*i+1 .. k*i+k} (k = 1: a chain). The root has chunk c once it has read it from the
 * shared file system ({@code (c+1) * chunk / sourceRate}); every node forwards a chunk as soon as
 * it has it (cut-through), sending it to its children one after the other over its one uplink of
 * {@code bandwidth} bytes/s; a chunk reaches a child {@code hopLatency} after it left. This gives
 * docs' bounds exactly: a chain's last node has everything at S/B + (P-2)·chunk/B + (P-1)·a, a
 * star's at (P-1)·S/B + a (the tests check both).
 */
public final class TreeBroadcast {

    private TreeBroadcast() {
    }

    /** fanload's default shape (cache-server, from its measurements): a chain up to 16 nodes, binary beyond. */
    public static int defaultFanout(int nodes) {
        return nodes <= 16 ? 1 : 2;
    }

    /**
     * The fan-out from 1 to {@code maxFanout} whose tree delivers soonest (the lowest on a tie):
     * how the model chooses a shape for a width not measured.
     */
    public static int bestFanout(int nodes, int maxFanout, long bytes, long chunkBytes, double bandwidth,
                                 double hopLatency, double sourceRate) {
        int best = 1;
        double bestTime = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= maxFanout; k++) {
            double t = completion(nodes, k, bytes, chunkBytes, bandwidth, hopLatency, sourceRate);
            if (t < bestTime) {
                best = k;
                bestTime = t;
            }
        }
        return best;
    }

    /**
     * Seconds from the first byte read until the last node has the last chunk.
     *
     * @param sourceRate the root's read rate from the shared file system, bytes/s (infinite: all at 0)
     */
    public static double completion(int nodes, int fanout, long bytes, long chunkBytes, double bandwidth,
                                    double hopLatency, double sourceRate) {
        double[] arrival = lastChunkArrivals(nodes, fanout, bytes, chunkBytes, bandwidth, hopLatency, sourceRate);
        double max = 0;
        for (double t : arrival) {
            max = Math.max(max, t);
        }
        return max;
    }

    /** Per node, when its last chunk arrived (the root: when it finished reading). */
    public static double[] lastChunkArrivals(int nodes, int fanout, long bytes, long chunkBytes, double bandwidth,
                                             double hopLatency, double sourceRate) {
        if (nodes < 1 || fanout < 1 || bytes < 1 || chunkBytes < 1 || !(bandwidth > 0) || hopLatency < 0
                || !(sourceRate > 0)) {
            throw new IllegalArgumentException("bad tree parameters");
        }
        int chunks = (int) ((bytes + chunkBytes - 1) / chunkBytes);
        double[][] have = new double[nodes][];
        have[0] = new double[chunks];
        for (int c = 0; c < chunks; c++) {
            long upTo = Math.min(bytes, (c + 1) * chunkBytes);
            have[0][c] = Double.isInfinite(sourceRate) ? 0 : upTo / sourceRate;
        }
        for (int i = 0; i < nodes; i++) {
            long first = (long) fanout * i + 1;
            if (first >= nodes) {
                continue;
            }
            int last = (int) Math.min(nodes - 1, first + fanout - 1);
            for (int child = (int) first; child <= last; child++) {
                have[child] = new double[chunks];
            }
            double uplinkFree = 0;
            for (int c = 0; c < chunks; c++) {
                long size = Math.min(chunkBytes, bytes - (long) c * chunkBytes);
                for (int child = (int) first; child <= last; child++) {
                    double start = Math.max(uplinkFree, have[i][c]);
                    uplinkFree = start + size / bandwidth;
                    have[child][c] = uplinkFree + hopLatency;
                }
            }
            have[i] = new double[] {have[i][chunks - 1]};
        }
        double[] out = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            out[i] = have[i][have[i].length - 1];
        }
        return out;
    }
}
