package io.fanload.launch.launcher;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Slurm's srun: passes launch's whole environment; ranks read SLURM_PROCID. */
final class Srun extends SiteLauncher {

    @Override
    public String name() {
        return "srun";
    }

    @Override
    List<String> prefix(Step step) {
        // A failing rank must not take the step down: the others may still be serving their node.
        return List.of("srun", "--ntasks=" + step.ranks(), "--nodes=" + step.nodes(), "--kill-on-bad-exit=0");
    }

    /** -n/--ntasks, -N/--nodes, --ntasks-per-node; else the allocation's tasks and nodes. */
    @Override
    public JobShape shapeOf(List<String> options, Map<String, String> environment) {
        LauncherOptions line = new LauncherOptions(options);
        OptionalInt ranks = line.number("-n", "--ntasks");
        OptionalInt perNode = line.number("--ntasks-per-node");
        OptionalInt nodes = line.number("-N", "--nodes");
        if (ranks.isEmpty() && perNode.isEmpty()) {
            ranks = Allocation.tasks(environment);
        }
        return JobShape.of(ranks, nodes, perNode, Allocation.nodes(environment));
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
