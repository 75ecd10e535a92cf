package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-rank thread caps. 24 JVMs on a 24-core node would each size their GC, JIT and ForkJoin pools
 * — and native BLAS/OpenMP pools — to all 24 cores: 576 busy threads. Unless the user set them,
 * each rank gets {@code -XX:ActiveProcessorCount} and the OpenMP/BLAS variables equal to
 * cores per node / ranks per node (at least 1).
 */
public final class ThreadCaps {

    /** Variables that native thread pools read; each is set only where the user has not set it. */
    public static final List<String> VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS");

    private final int threads;

    private ThreadCaps(int threads) {
        this.threads = threads;
    }

    /** No caps ({@code --threads-per-rank off}). */
    public static ThreadCaps off() {
        return new ThreadCaps(0);
    }

    public static ThreadCaps of(int threadsPerRank) {
        if (threadsPerRank < 1) {
            throw new UsageException("--threads-per-rank must be at least 1, auto or off");
        }
        return new ThreadCaps(threadsPerRank);
    }

    /** {@code auto}: cores per node divided by ranks per node, at least 1. */
    public static ThreadCaps auto(int coresPerNode, int ranksPerNode) {
        return new ThreadCaps(Math.max(1, coresPerNode / Math.max(1, ranksPerNode)));
    }

    /** Parses {@code N|auto|off}. */
    public static ThreadCaps parse(String value, int coresPerNode, int ranksPerNode) {
        switch (value) {
            case "auto": return auto(coresPerNode, ranksPerNode);
            case "off": return off();
            default:
                try {
                    return of(Integer.parseInt(value));
                } catch (NumberFormatException e) {
                    throw new UsageException("--threads-per-rank takes a number, auto or off, not '" + value + "'");
                }
        }
    }

    public int threads() {
        return threads;
    }

    /** The JVM option to add, unless the user's options already size the processor count. */
    public List<String> jvmOptions(List<String> userOptions) {
        List<String> options = new ArrayList<>();
        boolean userSet = userOptions.stream().anyMatch(o -> o.startsWith("-XX:ActiveProcessorCount="));
        if (threads > 0 && !userSet) {
            options.add("-XX:ActiveProcessorCount=" + threads);
        }
        return options;
    }

    /** Variables to add to a rank's environment: those in {@link #VARIABLES} the user did not set. */
    public Map<String, String> environment(Map<String, String> userEnvironment) {
        Map<String, String> env = new LinkedHashMap<>();
        if (threads > 0) {
            for (String variable : VARIABLES) {
                if (!userEnvironment.containsKey(variable)) {
                    env.put(variable, Integer.toString(threads));
                }
            }
        }
        return env;
    }
}
