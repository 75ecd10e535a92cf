package io.fanload.bench.model;

/**
 * The model's full-size machine: 24 ranks per node on 24 cores, one Lustre metadata server, a
 * node link for the tree. Sources for the numbers (docs/perf/bench.md cites them):
 * <ul>
 *   <li>MDS rates from Dell's "Dell Storage for HPC with Intel Enterprise Edition for Lustre"
 *       white paper (mdtest 1.9.3, one MDT): file stat from ~2,000 op/s with one thread (a 0.5 ms
 *       round trip) to over 400,000 op/s with 240 threads; file create ~15,000 op/s. A JVM start's
 *       operations are lookups, opens (an intent-lock RPC and a close each) and stats, so the base
 *       case takes 100,000 op/s and the optimistic one 400,000 (stat-only peak).</li>
 *   <li>Tree: 10 Gbit/s per node (1.25 GB/s, below any HPC fabric's TCP rate), 50 µs per hop,
 *       fanload's defaults (1 MiB chunks, chain to 16 nodes, binary beyond; docs/TREE.md).</li>
 *   <li>The root reads the archive at 1 GB/s (one Lustre client); a node verifies and expands its
 *       image at 500 MB/s (SHA-256 with SHA-NI plus a copy).</li>
 * </ul>
 * Per-rank operation counts and CPU seconds come from the test bed (measured and calibrated);
 * fanload's extra fixed cost over a plain step (launch's JVM, the coordinator) is charged to the
 * agents' start, which on a real node has a core of its own.
 */
public final class LustreMachine {

    public static final int RANKS_PER_NODE = 24;
    public static final double BASE_RATE = 100_000;
    public static final double STAT_PEAK_RATE = 400_000;
    public static final double RTT = 0.5e-3;
    public static final double LINK = 1.25e9;
    public static final double HOP = 50e-6;
    public static final double SOURCE_RATE = 1e9;
    public static final double READY_RATE = 500e6;
    /** fanload's own jars read by each node agent when FANLOAD_HOME is on the shared file system (pilot-scripts/README.md). */
    public static final int AGENT_OPS_SHARED_HOME = 100;

    private LustreMachine() {
    }

    public static StartupParams params(Calibration.App app, Calibration.Fit fit, double rate, int agentOps) {
        return new StartupParams(RANKS_PER_NODE, RANKS_PER_NODE, false, 1 / rate, RTT, fit.vanillaFixed(),
                app.vanillaOpsPerRank(), fit.vanillaCpu(), app.vanillaCoreSeconds(), app.servedOpsPerRank(), fit.servedCpu(),
                app.servedCoreSeconds(), app.launchOps(),
                agentOps, fit.agentSeconds() + Math.max(0, fit.servedFixed() - fit.vanillaFixed()), app.archiveBytes(), SOURCE_RATE, LINK,
                HOP, 1 << 20, app.archiveBytes() / READY_RATE, 2_000_000);
    }
}
