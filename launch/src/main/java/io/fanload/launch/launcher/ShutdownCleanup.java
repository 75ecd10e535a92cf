package io.fanload.launch.launcher;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Clean-up that must happen however launch ends: on {@link #close()} when the run finishes, or in a
 * shutdown hook when launch is stopped by SIGTERM or Ctrl-C — where no {@code finally} block runs.
 * Actions run once, newest first; one failing does not stop the others.
 */
public final class ShutdownCleanup implements AutoCloseable {

    /** Something to undo; may throw an I/O error, which is reported, not propagated. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Deque<Action> firstActions = new ArrayDeque<>();
    private final Deque<Action> actions = new ArrayDeque<>();
    private final Thread hook = new Thread(this::runAll, "fanload-cleanup");
    private boolean done;

    public ShutdownCleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs before everything added so far (newest first). */
    public synchronized void add(Action action) {
        actions.push(action);
    }

    /**
     * Runs before every other action, whenever added: stopping the ranks, whose own exit writes
     * files (counters) into folders the other actions remove. The JVM runs separate shutdown hooks
     * concurrently, which is why this is an ordered action and not a hook of its own.
     */
    public synchronized void first(Action action) {
        firstActions.push(action);
    }

    private synchronized void runAll() {
        if (done) {
            return;
        }
        done = true;
        runEach(firstActions);
        runEach(actions);
    }

    private static void runEach(Deque<Action> queue) {
        while (!queue.isEmpty()) {
            try {
                queue.pop().run();
            } catch (Exception e) {
                System.err.println("fanload: warning: clean-up step failed: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        runAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (or ran) the same actions once
        }
    }
}
