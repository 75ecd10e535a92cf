package io.fanload.launch;

import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.writer.tools.Sizes;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows the archive spreading: on a terminal a live bar redrawn in place four times a second; in a
 * batch log a plain line when the count of ready nodes changes (at most one every five seconds, and
 * always the last). Stops by itself when every node has an outcome.
 */
final class Progress implements AutoCloseable {

    private static final long TERMINAL_MILLIS = 250;
    private static final long LOG_MILLIS = 5_000;
    private static final int BAR = 30;

    private final Coordinator coordinator;
    private final PrintWriter out;
    private final boolean terminal;
    private final long archiveBytes;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;

    private Progress(Coordinator coordinator, PrintWriter out, boolean terminal, long archiveBytes) {
        this.coordinator = coordinator;
        this.out = out;
        this.terminal = terminal;
        this.archiveBytes = archiveBytes;
        this.thread = new Thread(this::run, "fanload-progress");
        thread.setDaemon(true);
    }

    /** Starts showing progress unless {@code quiet}; stderr is a terminal when the JVM has a console. */
    static Progress start(Coordinator coordinator, LaunchSettings settings, long archiveBytes) {
        Progress progress = new Progress(coordinator, settings.messages(), System.console() != null, archiveBytes);
        if (!settings.quiet()) {
            progress.thread.start();
        }
        return progress;
    }

    private void run() {
        int shown = -1;
        long lastLine = 0;
        while (!stopped) {
            DistributionResult now;
            try {
                now = coordinator.snapshot();
            } catch (RuntimeException e) {
                return; // the coordinator closed
            }
            // Nodes still on their way are reported LOST until they have an outcome.
            long decided = now.nodes().stream().filter(n -> n.status() != DistributionResult.Status.LOST).count();
            int ready = (int) now.readyCount();
            boolean done = decided >= now.expectedNodes() && now.expectedNodes() > 0;
            // Every line counts from the same start (the step's); the last adds the distribution's own
            // time (from the first read of the archive), which a line of its own once read as going back.
            long millis = (System.nanoTime() - started) / 1_000_000;
            String tail = done ? String.format(Locale.ROOT, " (distribution %.1f s)", now.seconds()) : "";
            if (terminal) {
                out.print("\r" + bar(now.progress(), ready, now.expectedNodes(), millis) + tail + (done ? "\n" : ""));
                out.flush();
            } else if (ready != shown && (millis - lastLine >= LOG_MILLIS || done)) {
                out.println("fanload: " + line(ready, now.expectedNodes(), millis) + tail);
                out.flush();
                shown = ready;
                lastLine = millis;
            }
            if (done) {
                return;
            }
            sleep(terminal ? TERMINAL_MILLIS : TERMINAL_MILLIS * 2);
        }
    }

    /** {@code progress}: the fraction of all nodes' bytes verified so far (0 to 1). */
    private String bar(double progress, int ready, int expected, long millis) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, progress)) * BAR);
        return "fanload: [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + line(ready, expected, millis);
    }

    private String line(int ready, int expected, long millis) {
        return String.format(Locale.ROOT, "%d/%d nodes ready, %s archive, %.1f s", ready, expected,
                Sizes.bytes(archiveBytes), millis / 1000.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
