package io.fanload.launch.launcher;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A job step as fanload plans it: how many ranks on how many nodes, the user's own launcher
 * arguments, and what each node's ranks run.
 *
 * @param line      the user's own launcher line before the rank program ({@code srun -n 64 ...}), run as
 *                  given; empty: the launcher's command line is fanload's
 * @param forwarded the variables of a node program's environment that ranks need; a launcher that
 *                  does not pass its whole environment by itself (mpirun) names these
 */
public record Step(int ranks, int nodes, List<String> line, List<String> launcherArgs, Predicate<String> forwarded,
                   NodePrograms programs) {

    /** What every rank of a node runs, and with which environment. */
    public record NodeProgram(List<String> argv, Map<String, String> environment) {
        public NodeProgram {
            argv = List.copyOf(argv);
            environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment)); // in order, for mpirun's -x
        }
    }

    /** A node the local launcher simulates: its index and the name its ranks and agent use. */
    public record SimulatedNode(int index, String name) {
    }

    /** The program of a node; {@code node} is null for a site launcher's step (same program everywhere). */
    @FunctionalInterface
    public interface NodePrograms {
        NodeProgram of(SimulatedNode node) throws IOException;
    }

    public RankPlacement placement() {
        return new RankPlacement(ranks, nodes);
    }
}
