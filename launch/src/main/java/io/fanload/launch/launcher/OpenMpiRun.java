package io.fanload.launch.launcher;

import java.util.ArrayList;
import java.util.List;

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
    List<String> prefix(Step step, Step.NodeProgram program) {
        List<String> argv = new ArrayList<>(List.of("mpirun", "-np", Integer.toString(step.ranks())));
        for (String variable : program.environment().keySet()) {
            if (step.forwarded().test(variable)) {
                argv.add("-x");
                argv.add(variable);
            }
        }
        return argv;
    }
}
