package io.fanload.bench.control;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * This JVM's costs at one moment: its CPU (all threads: the coordinator's loop, GC, JIT), the
 * coordinator's event-loop threads' CPU and the user part of it (the rest is the kernel's: on
 * loopback a sender's thread also runs the receiving side's TCP processing), heap in use (after a GC when asked: live data, not garbage),
 * resident and peak resident memory, open descriptors and threads. Linux (/proc).
 */
public record ProcessMeter(double processCpuSeconds, double loopCpuSeconds, double loopUserSeconds, long heapBytes, long rssBytes,
                           long peakRssBytes, long descriptors, int threads) {

    /** The coordinator's event loop threads are named after it ({@code Transport.newGroup}). */
    static final String LOOP_PREFIX = "fanload-coordinator";

    public static ProcessMeter now(boolean gcFirst) {
        if (gcFirst) {
            System.gc();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long loopNanos = 0;
        long loopUserNanos = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(LOOP_PREFIX)) {
                loopNanos += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                loopUserNanos += Math.max(0, threads.getThreadUserTime(t.getThreadId()));
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new ProcessMeter(os.getProcessCpuTime() / 1e9, loopNanos / 1e9, loopUserNanos / 1e9, heap, status("VmRSS:"),
                status("VmHWM:"), openDescriptors(), threads.getThreadCount());
    }

    private static long status(String key) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }
}
