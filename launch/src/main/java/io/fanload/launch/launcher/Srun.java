package io.fanload.launch.launcher;

import java.util.List;
import java.util.Map;

/** Slurm's srun: passes launch's whole environment; ranks read SLURM_PROCID. */
final class Srun extends SiteLauncher {

    @Override
    public String name() {
        return "srun";
    }

    @Override
    List<String> prefix(Step step, Step.NodeProgram program) {
        // A failing rank must not take the step down: the others may still be serving their node.
        return List.of("srun", "--ntasks=" + step.ranks(), "--nodes=" + step.nodes(), "--kill-on-bad-exit=0");
    }

    /** The allocation's nodes, at most one per rank. */
    @Override
    public int defaultNodes(int ranks, Map<String, String> environment) {
        try {
            return Math.min(ranks, Integer.parseInt(environment.getOrDefault("SLURM_JOB_NUM_NODES", "1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
