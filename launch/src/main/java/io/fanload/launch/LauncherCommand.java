package io.fanload.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The site launcher's command line around a rank program: srun, mpirun or aprun with the rank
 * count, the node count or ranks per node, the user's extra launcher arguments, then the program.
 */
final class LauncherCommand {

    private LauncherCommand() {
    }

    /**
     * @param env the step's environment: mpirun does not forward variables by itself, so every
     *            FANLOAD_* and thread-cap variable is named with {@code -x}
     */
    static List<String> argv(LauncherKind kind, int ranks, int nodes, List<String> launcherArgs,
                             Map<String, String> env, List<String> program) {
        List<String> argv = new ArrayList<>();
        switch (kind) {
            case SRUN:
                argv.addAll(List.of("srun", "--ntasks=" + ranks, "--nodes=" + nodes, "--kill-on-bad-exit=0"));
                break;
            case MPIRUN:
                argv.addAll(List.of("mpirun", "-np", Integer.toString(ranks)));
                for (String variable : env.keySet()) {
                    if (variable.startsWith("FANLOAD_") || ThreadCaps.VARIABLES.contains(variable)) {
                        argv.add("-x");
                        argv.add(variable);
                    }
                }
                break;
            case APRUN:
                argv.addAll(List.of("aprun", "-n", Integer.toString(ranks),
                        "-N", Integer.toString(new RankPlacement(ranks, nodes).maxRanksPerNode())));
                break;
            default:
                throw new IllegalArgumentException("not a site launcher: " + kind);
        }
        argv.addAll(launcherArgs);
        argv.addAll(program);
        return argv;
    }
}
