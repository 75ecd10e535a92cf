package io.fanload.bench.model;

/**
 * A job start of R ranks, plain against fanload, from {@link StartupParams}.
 *
 * <p>Plain: every rank starts at once and sends its metadata operations to the one server
 * ({@link MetadataStorm}); its CPU work is spread between the operations, slowed by the ranks
 * sharing a core. fanload: launch's own operations (one process), the node agents' start (their
 * operations too, when fanload is installed on the shared file system) or the coordinator's
 * rendezvous storm, whichever ends later ({@link ControlPlaneCosts}), the tree
 * ({@link TreeBroadcast}), each node's verify-and-expand, the ranks' look at READY, then their
 * served run.
 */
public final class StartupModel {

    private final StartupParams p;
    private final ControlPlaneCosts control;

    public StartupModel(StartupParams p) {
        this(p, ControlPlaneCosts.NONE);
    }

    /** With the control plane's measured costs: the coordinator's storm and the ranks' wait for READY. */
    public StartupModel(StartupParams p, ControlPlaneCosts control) {
        this.p = p;
        this.control = control;
    }

    /** Seconds from the step's start until the last rank finished; the parts for the tables. */
    public record Start(double total, double metadata, double tree, double serve) {
    }

    public Start vanilla(int ranks) {
        double cpu = p.stretched(p.vanillaCpuSeconds(), p.vanillaCoreSeconds(), ranks);
        double storm = storm(ranks, p.vanillaOpsPerRank(), cpu);
        return new Start(p.fixedSeconds() + storm, storm, 0, 0);
    }

    public Start fanload(int ranks) {
        int nodes = p.nodesFor(ranks);
        double launch = p.launchOps() * (p.mdsServiceSeconds() + p.rttSeconds());
        double agentCpu = p.agentSeconds() * (p.coresShared() ? Math.max(1.0, (double) nodes / p.cores()) : 1.0);
        // The agents' start and the coordinator's serial handshakes overlap: the later one decides.
        double agents = Math.max(storm(nodes, p.agentOpsPerNode(), agentCpu), control.rendezvousSeconds(nodes));
        double tree = TreeBroadcast.completion(nodes, TreeBroadcast.defaultFanout(nodes), p.archiveBytes(),
                p.chunkBytes(), p.bandwidth(), p.hopLatency(), p.sourceRate()) + p.nodeReadySeconds() + control.pollSeconds();
        double serve = storm(ranks, p.servedOpsPerRank(), p.stretched(p.servedCpuSeconds(), p.servedCoreSeconds(), ranks));
        return new Start(p.fixedSeconds() + launch + agents + tree + serve, launch + agents, tree, serve);
    }

    /** Clients each doing {@code ops} operations with {@code cpu} seconds of work between them. */
    private double storm(int clients, int ops, double cpu) {
        if (ops == 0) {
            return cpu;
        }
        int group = MetadataStorm.groupFor(clients, ops, p.maxEvents());
        return MetadataStorm.run(clients, ops, p.mdsServiceSeconds(), p.rttSeconds(), cpu / ops, group).lastFinish();
    }
}
