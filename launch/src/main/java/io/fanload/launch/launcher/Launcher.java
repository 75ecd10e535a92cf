package io.fanload.launch.launcher;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One way of starting a job step's ranks. Implementations are stateless. */
public interface Launcher {

    /** The name {@code --launcher} takes and the report shows. */
    String name();

    /**
     * Runs {@code step} to its end, its ranks' output passing through; returns the step's exit
     * status (the launcher's own, or the local launcher's lowest failing rank's). Stopping the
     * ranks is {@code cleanup}'s first action, so launch stopped by SIGTERM or Ctrl-C stops them
     * before it removes the folders their exit writes into.
     */
    int run(Step step, ShutdownCleanup cleanup) throws IOException, InterruptedException;

    /** Whether the step's nodes are simulated on this machine (loopback, shared cores). */
    default boolean simulatesNodes() {
        return false;
    }

    /**
     * What the launcher's own options (the user's job line after the launcher's name) and the
     * allocation say about ranks and nodes.
     */
    default JobShape shapeOf(List<String> options, Map<String, String> environment) {
        return JobShape.UNKNOWN;
    }

    /** The nodes a step of {@code ranks} ranks gets when the user names none. */
    default int defaultNodes(int ranks, Map<String, String> environment) {
        return 1;
    }
}
