package io.fanload.server.coordinator;

import io.fanload.server.transport.Pipelines;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Whether this process may open a descriptor for every agent the coordinator expects. Measured
 * (bench ControlPlaneBench, 3,000 agents under a limit of 2,048): past the limit, accept(2) fails,
 * logging that failure needed a file too, and the error it met killed the coordinator's one loop
 * thread; agents waited out their handshake timeout and the job hung. So the coordinator refuses to
 * start instead, with the limit and how to raise it. The JVM already lifts its soft limit to the
 * hard one (-XX:+MaxFDLimit), so the hard limit is what counts.
 */
final class DescriptorBudget {

    /** Descriptors launch needs beside the agents': jars, the archive, the launcher's pipes, logs. */
    static final int RESERVE = 128;

    private DescriptorBudget() {
    }

    /** Why {@code expectedNodes} do not fit {@code max} descriptors with {@code open} in use, or null. */
    static String shortfall(int expectedNodes, long max, long open) {
        long need = (long) expectedNodes + Pipelines.Admission.COORDINATOR_SPARE + RESERVE;
        if (max < 0 || open < 0 || open + need <= max) {
            return null;
        }
        return String.format(Locale.ROOT, "the coordinator needs a connection per node: %d nodes need about %d more open"
                + " files, but this process may open %d and has %d open (ulimit -n; the JVM raises it to the hard"
                + " limit): raise the hard limit (ulimit -Hn, /etc/security/limits.conf) or use fewer nodes",
                expectedNodes, need, max, open);
    }

    static void check(int expectedNodes) throws IOException {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            String shortfall = shortfall(expectedNodes, os.getMaxFileDescriptorCount(), os.getOpenFileDescriptorCount());
            if (shortfall != null) {
                throw new IOException(shortfall);
            }
        }
    }
}
