package io.fanload.launch.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Open MPI's mpirun: passes no variable it is not told to, so each one ranks need is named with
 * {@code -x}; ranks read OMPI_COMM_WORLD_RANK.
 */
final class OpenMpiRun extends SiteLauncher {

    @Override
    public String name() {
        return "mpirun";
    }

    @Override
    List<String> prefix(Step step) {
        return List.of("mpirun", "-np", Integer.toString(step.ranks()));
    }

    @Override
    List<String> forwarding(Step step, Step.NodeProgram program) {
        List<String> argv = new ArrayList<>();
        for (String variable : program.environment().keySet()) {
            if (step.forwarded().test(variable)) {
                argv.add("-x");
                argv.add(variable);
            }
        }
        return argv;
    }

    /** -np/-n, ranks per node from -N, --npernode or --map-by ppr:K:node; else the allocation. */
    @Override
    public JobShape shapeOf(List<String> options, Map<String, String> environment) {
        LauncherOptions line = new LauncherOptions(options);
        OptionalInt ranks = line.number("-np", "-n", "--np", "--n");
        OptionalInt perNode = line.number("-N", "-npernode", "--npernode");
        String mapBy = line.text("--map-by");
        if (mapBy != null && mapBy.startsWith("ppr:") && mapBy.split(":").length > 2
                && mapBy.split(":")[2].startsWith("node")) {
            perNode = LauncherOptions.leadingNumber(mapBy.split(":")[1]);
        }
        if (ranks.isEmpty() && perNode.isEmpty()) {
            ranks = Allocation.tasks(environment);
        }
        return JobShape.of(ranks, OptionalInt.empty(), perNode, Allocation.nodes(environment));
    }
}
