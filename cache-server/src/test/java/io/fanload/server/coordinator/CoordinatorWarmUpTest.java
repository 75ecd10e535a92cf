package io.fanload.server.coordinator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator's warm-up ends on its own and leaves no thread of its own behind. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CoordinatorWarmUpTest {

    @Test
    void endsAndLeavesNothingRunning() throws Exception {
        Thread warmUp = CoordinatorWarmUp.start();
        assertTrue(warmUp.isDaemon(), "it must never hold launch's exit");
        warmUp.join();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (eventLoopAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(eventLoopAlive(), "the warm-up's event loop ended");
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("fanload-coordinator-warm-up")));
    }

    private static boolean eventLoopAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("fanload-warm-up"));
    }
}
