package io.fanload.bench.model;

/**
 * Everything the start-up model needs: the machine, the metadata server, what a rank does in each
 * mode (measured on the test bed), and the tree. Times in seconds, sizes in bytes, rates per second.
 *
 * @param ranksPerNode        ranks on one node (24 in the paper's figure)
 * @param cores               cores that ranks' CPU work shares: per node, or (coresShared) in all
 * @param coresShared         true on the test bed, where every simulated node runs on the same 2 cores
 * @param mdsServiceSeconds   1 / the metadata server's saturated operation rate
 * @param rttSeconds          one operation's round trip without queueing (client, network, server)
 * @param fixedSeconds        what both modes pay: the launcher starting the step on every node
 * @param vanillaOpsPerRank   shared-file-system metadata operations of one plain rank
 * @param vanillaCpuSeconds   one plain rank's run time, alone on the machine, without its metadata waits
 * @param vanillaCoreSeconds  one plain rank's CPU time, every thread (JIT, GC): what R ranks sharing the
 *                            cores must get through; 0 when not measured (then taken as vanillaCpuSeconds)
 * @param servedOpsPerRank    shared-file-system operations of one served rank (misses; 0 measured)
 * @param servedCpuSeconds    one served rank's run time, alone on the machine
 * @param servedCoreSeconds   one served rank's CPU time, every thread; 0 when not measured
 * @param launchOps           operations of launch itself before the tree (a stat per source, the archive)
 * @param agentOpsPerNode     operations of one node agent's JVM start (0 with fanload installed node-local)
 * @param agentSeconds        one node agent's start until it joins the tree, alone on a core
 * @param archiveBytes        the archive
 * @param sourceRate          the root's read rate of the archive from the shared file system
 * @param bandwidth           one node's link, each way
 * @param hopLatency          per tree hop
 * @param chunkBytes          the tree's chunk
 * @param nodeReadySeconds    after the last byte: verify the digest, expand the node image
 * @param maxEvents           bound on simulated operation groups per run (cost of a curve point)
 */
public record StartupParams(int ranksPerNode, int cores, boolean coresShared, double mdsServiceSeconds,
                            double rttSeconds, double fixedSeconds, int vanillaOpsPerRank, double vanillaCpuSeconds,
                            double vanillaCoreSeconds, int servedOpsPerRank, double servedCpuSeconds,
                            double servedCoreSeconds, int launchOps, int agentOpsPerNode,
                            double agentSeconds, long archiveBytes, double sourceRate, double bandwidth,
                            double hopLatency, long chunkBytes, double nodeReadySeconds, long maxEvents) {

    public StartupParams withRanksPerNode(int perNode, int cores, boolean shared) {
        return new StartupParams(perNode, cores, shared, mdsServiceSeconds, rttSeconds, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, vanillaCoreSeconds, servedOpsPerRank, servedCpuSeconds, servedCoreSeconds, launchOps, agentOpsPerNode,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withMds(double serviceSeconds, double rtt) {
        return new StartupParams(ranksPerNode, cores, coresShared, serviceSeconds, rtt, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, vanillaCoreSeconds, servedOpsPerRank, servedCpuSeconds, servedCoreSeconds, launchOps, agentOpsPerNode,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withCpu(double vanillaCpu, double servedCpu, double agent, double fixed) {
        return new StartupParams(ranksPerNode, cores, coresShared, mdsServiceSeconds, rttSeconds, fixed,
                vanillaOpsPerRank, vanillaCpu, vanillaCoreSeconds, servedOpsPerRank, servedCpu, servedCoreSeconds, launchOps, agentOpsPerNode,
                agent, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withAgentOps(int ops) {
        return new StartupParams(ranksPerNode, cores, coresShared, mdsServiceSeconds, rttSeconds, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, vanillaCoreSeconds, servedOpsPerRank, servedCpuSeconds, servedCoreSeconds, launchOps, ops,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    /**
     * How long a rank that runs {@code alone} seconds by itself and needs {@code core} seconds of CPU
     * takes when {@code ranks} start at once: the cores must get through every rank's CPU, so at least
     * (ranks sharing them) x core / cores. A JVM alone keeps more than one core busy (its JIT and GC
     * threads: on the test bed a served pynamic rank used more CPU than its wall time), so the CPU, not
     * the alone time, is what divides the cores. {@code core} 0: not measured, taken as {@code alone}.
     */
    public double stretched(double alone, double core, int ranks) {
        double cpu = core > 0 ? core : alone;
        double sharing = coresShared ? ranks : Math.min(ranks, (double) ranksPerNode);
        return Math.max(alone, sharing * cpu / cores);
    }

    public int nodesFor(int ranks) {
        return (ranks + ranksPerNode - 1) / ranksPerNode;
    }
}
