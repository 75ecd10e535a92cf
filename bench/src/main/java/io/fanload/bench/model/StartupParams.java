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
 * @param vanillaCpuSeconds   one plain rank's CPU time (its whole run, alone on a core)
 * @param servedOpsPerRank    shared-file-system operations of one served rank (misses; 0 measured)
 * @param servedCpuSeconds    one served rank's CPU time
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
                            int servedOpsPerRank, double servedCpuSeconds, int launchOps, int agentOpsPerNode,
                            double agentSeconds, long archiveBytes, double sourceRate, double bandwidth,
                            double hopLatency, long chunkBytes, double nodeReadySeconds, long maxEvents) {

    public StartupParams withRanksPerNode(int perNode, int cores, boolean shared) {
        return new StartupParams(perNode, cores, shared, mdsServiceSeconds, rttSeconds, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, servedOpsPerRank, servedCpuSeconds, launchOps, agentOpsPerNode,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withMds(double serviceSeconds, double rtt) {
        return new StartupParams(ranksPerNode, cores, coresShared, serviceSeconds, rtt, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, servedOpsPerRank, servedCpuSeconds, launchOps, agentOpsPerNode,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withCpu(double vanillaCpu, double servedCpu, double agent, double fixed) {
        return new StartupParams(ranksPerNode, cores, coresShared, mdsServiceSeconds, rttSeconds, fixed,
                vanillaOpsPerRank, vanillaCpu, servedOpsPerRank, servedCpu, launchOps, agentOpsPerNode,
                agent, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    public StartupParams withAgentOps(int ops) {
        return new StartupParams(ranksPerNode, cores, coresShared, mdsServiceSeconds, rttSeconds, fixedSeconds,
                vanillaOpsPerRank, vanillaCpuSeconds, servedOpsPerRank, servedCpuSeconds, launchOps, ops,
                agentSeconds, archiveBytes, sourceRate, bandwidth, hopLatency, chunkBytes, nodeReadySeconds, maxEvents);
    }

    /** How much slower CPU work runs when {@code ranks} on {@code nodes} share the cores. */
    public double cpuFactor(int ranks, int nodes) {
        double sharing = coresShared ? ranks : Math.min(ranks, (double) ranksPerNode);
        return Math.max(1.0, sharing / cores);
    }

    public int nodesFor(int ranks) {
        return (ranks + ranksPerNode - 1) / ranksPerNode;
    }
}
