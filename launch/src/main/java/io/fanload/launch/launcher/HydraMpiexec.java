package io.fanload.launch.launcher;

import java.util.List;

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
    List<String> prefix(Step step, Step.NodeProgram program) {
        return List.of(command, "-n", Integer.toString(step.ranks()),
                "-ppn", Integer.toString(step.placement().maxRanksPerNode()));
    }
}
