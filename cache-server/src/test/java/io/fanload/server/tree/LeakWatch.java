package io.fanload.server.tree;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collects the "LEAK:" reports of Netty's leak detector (PARANOID in tests: the pom sets it), so
 * that a test fails on a leak instead of printing it. Netty logs through java.util.logging here (no
 * SLF4J on the test class path), and every detector logs through one logger, so a handler on it
 * sees every report. A report needs the leaked object collected and a later allocation (the
 * detector polls on track): {@link #assertNoLeak()} forces both.
 */
final class LeakWatch implements AutoCloseable {

    private final Logger logger = Logger.getLogger(ResourceLeakDetector.class.getName());
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("LEAK:")) {
                reports.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LeakWatch() {
        // Without these the watch could never fire: a test that cannot fail is a defect.
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(), "leak detection level");
        assertInstanceOf(JdkLoggerFactory.class, InternalLoggerFactory.getDefaultFactory(),
                "Netty no longer logs through java.util.logging: LeakWatch would miss its reports");
        logger.addHandler(handler);
    }

    /** Collects garbage, lets the detector poll, and fails with the reports if any. */
    void assertNoLeak() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            for (ByteBuf b : List.of(ByteBufAllocator.DEFAULT.heapBuffer(16), ByteBufAllocator.DEFAULT.directBuffer(16))) {
                b.release();
            }
        }
        assertTrue(reports.isEmpty(), () -> reports.size() + " leak report(s):\n" + String.join("\n", reports));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
