package io.fanload.launch.launcher;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * MPICH's Hydra mpiexec: passes its whole environment to every rank by default ({@code -genvall})
 * and places ranks block-wise with {@code -ppn}; ranks read PMI_RANK. Inside a Slurm allocation
 * Hydra starts its proxies with srun by itself.
 */
final class HydraMpiexec extends SiteLauncher {

    /** Debian installs Hydra as mpiexec.hydra beside an mpiexec that may be Open MPI's. */
    static final String HYDRA = "mpiexec.hydra";

    private final String command;

    /** @param command {@value #HYDRA} where it is on PATH, else mpiexec */
    HydraMpiexec(String command) {
        this.command = command;
    }

    @Override
    public String name() {
        return "mpiexec";
    }

    @Override
    List<String> prefix(Step step) {
        return List.of(command, "-n", Integer.toString(step.ranks()),
                "-ppn", Integer.toString(step.placement().maxRanksPerNode()));
    }

    /** -n/-np, ranks per node from -ppn or -perhost; else the allocation. */
    @Override
    public JobShape shapeOf(List<String> options, Map<String, String> environment) {
        LauncherOptions line = new LauncherOptions(options);
        OptionalInt ranks = line.number("-n", "-np");
        OptionalInt perNode = line.number("-ppn", "-perhost");
        if (ranks.isEmpty() && perNode.isEmpty()) {
            ranks = Allocation.tasks(environment);
        }
        return JobShape.of(ranks, OptionalInt.empty(), perNode, Allocation.nodes(environment));
    }
}
