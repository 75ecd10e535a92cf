package io.fanload.launch.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local launcher's rank processes: started with stdin closed and stdout/stderr inherited, so
 * each rank's output passes through unchanged, as under srun. When launch itself is stopped
 * (SIGTERM, Ctrl-C), stopping every rank still running is the first action of launch's clean-up.
 */
public final class RankProcesses implements AutoCloseable {

    /** How long ranks get between SIGTERM and SIGKILL when launch stops them. */
    private static final long TERM_GRACE_MILLIS = 5_000;

    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ranks = new ArrayList<>();
    public RankProcesses(ShutdownCleanup cleanup) {
        cleanup.first(this::stopAll);
    }

    public synchronized void start(int rank, List<String> argv, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            processes.add(builder.start());
            ranks.add(rank);
        } catch (IOException e) {
            throw new IOException("cannot start rank " + rank + " (" + argv.get(0) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Waits for every rank; returns the exit status of the lowest-numbered rank that failed, or 0.
     */
    public int waitAll() throws InterruptedException {
        int status = 0;
        int failedRank = Integer.MAX_VALUE;
        List<Process> snapshot;
        List<Integer> rankSnapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(processes);
            rankSnapshot = new ArrayList<>(ranks);
        }
        for (int i = 0; i < snapshot.size(); i++) {
            int code = snapshot.get(i).waitFor();
            if (code != 0 && rankSnapshot.get(i) < failedRank) {
                failedRank = rankSnapshot.get(i);
                status = code;
            }
        }
        return status;
    }

    /**
     * SIGTERM to every rank and everything it started (the bootstrap's shell dies at once, its JVM
     * writes its counters on the way out), then waits for all of them, not only the shells: the
     * folders they write into are removed next. SIGKILL to what is left after the grace time.
     */
    private synchronized void stopAll() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process process : processes) {
            process.descendants().forEach(all::add);
            all.add(process.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERM_GRACE_MILLIS);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stopAll();
    }
}
