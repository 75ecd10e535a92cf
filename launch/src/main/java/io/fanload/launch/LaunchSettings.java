package io.fanload.launch;

import io.fanload.launch.launcher.Launcher;
import io.fanload.launch.launcher.RankPlacement;
import io.fanload.server.tree.TreeShape;

import java.io.PrintWriter;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a run needs, resolved from the command line and the environment.
 *
 * @param launcherLine the user's own launcher line ({@code srun -n 64 ...}) or empty (fanload writes it)
 * @param wrapper      what the user's line runs java through ({@code numactl ...}), or empty
 * @param messages     where launch's own lines go (stderr: stdout belongs to the ranks)
 */
record LaunchSettings(boolean pilot, Launcher launcher, Path cache, int ranks, int nodes, JavaCommand command,
                      TreeShape shape, TreeTimes times, Path localDir, boolean strict, Path report, boolean quiet, String threadsPerRank,
                      StalePolicy stale, Path pilotDir, String coordinatorHost, int port, int agentPort, List<String> launcherArgs,
                      List<String> launcherLine, List<String> wrapper, RuntimePolicy runtime, JvmCacheModes.Training jvmCache,
                      JvmCacheModes.Serve serve, Map<String, String> environment,
                      PrintWriter messages) {

    /**
     * How long the tree waits. {@code stall}: a parent that sends nothing for this long is left for
     * another; {@code giveUp}: a node without its image after this long falls back (its ranks load
     * the normal way). Ranks wait for their node {@link #rankWaitSeconds} at most.
     */
    record TreeTimes(Duration stall, Duration giveUp) {

        /** A rank waits a little longer than its agent, so the agent's verdict (not a timeout) decides. */
        long rankWaitSeconds() {
            return giveUp.toSeconds() + 30;
        }
    }

    /** What read-cache does when a source changed since the pilot (one stat per source, by launch). */
    enum StalePolicy {
        /** Every rank loads the normal way; the report says why. The default: correctness first. */
        FALLBACK,
        /** Serve the recorded bytes anyway, with a warning. */
        SERVE,
        /** Stop before any rank starts (exit 75). */
        REFUSE
    }

    void say(String line) {
        if (!quiet) {
            messages.println("fanload: " + line);
            messages.flush();
        }
    }

    void warn(String line) {
        messages.println("fanload: warning: " + line);
        messages.flush();
    }

    /**
     * Cores per node: the local launcher's simulated nodes share this machine's cores; a batch
     * node has what Slurm says it has (SLURM_CPUS_ON_NODE, as seen on the first node), else as
     * many as the node launch runs on.
     */
    ThreadCaps caps() {
        int cores = Runtime.getRuntime().availableProcessors();
        int coresPerNode = launcher.simulatesNodes() ? Math.max(1, cores / nodes)
                : parsePositive(environment.get("SLURM_CPUS_ON_NODE"), cores);
        return ThreadCaps.parse(threadsPerRank, coresPerNode, new RankPlacement(ranks, nodes).maxRanksPerNode());
    }

    private static int parsePositive(String value, int otherwise) {
        try {
            return value == null ? otherwise : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
