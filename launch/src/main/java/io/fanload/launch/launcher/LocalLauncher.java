package io.fanload.launch.launcher;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in launcher: M simulated nodes on this machine, each with its own program (its own
 * node-local folder and agent), its ranks started as processes of launch. A rank learns its place
 * from FANLOAD_RANK, FANLOAD_NODE and FANLOAD_LOCAL_RANK, as it would from srun's variables; the
 * rest — bootstrap, election, agent process — is the path srun's ranks take.
 */
final class LocalLauncher implements Launcher {

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean simulatesNodes() {
        return true;
    }

    @Override
    public int run(Step step, ShutdownCleanup cleanup) throws IOException, InterruptedException {
        RankPlacement placement = step.placement();
        try (RankProcesses ranks = new RankProcesses(cleanup)) {
            for (int node = 0; node < step.nodes(); node++) {
                Step.SimulatedNode simulated = new Step.SimulatedNode(node, "node" + node);
                Step.NodeProgram program = step.programs().of(simulated);
                for (RankPlacement.Rank rank : placement.ranksOf(node)) {
                    Map<String, String> environment = new HashMap<>(program.environment());
                    environment.put("FANLOAD_RANK", Integer.toString(rank.rank()));
                    environment.put("FANLOAD_NODE", simulated.name());
                    environment.put("FANLOAD_LOCAL_RANK", Integer.toString(rank.localRank()));
                    ranks.start(rank.rank(), program.argv(), environment);
                }
            }
            return ranks.waitAll();
        }
    }
}
