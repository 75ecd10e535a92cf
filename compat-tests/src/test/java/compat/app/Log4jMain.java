package compat.app;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * log4j2 configured by a log4j2.properties in this main's jar. Before finding it, log4j2 asks for
 * {@code log4j2-test<context>.*} and {@code log4j2<context>.*}, where the context name is the
 * identity hash of the class loader: the same from run to run of one JVM set-up, but another one
 * wherever the work done before the loader's hash was taken differs. The name goes to stderr, so
 * that the test can tell which probes a run made.
 */
public final class Log4jMain {
    private Log4jMain() {
    }

    public static void main(String[] args) {
        System.err.println("log4j2 context " + Integer.toHexString(System.identityHashCode(Log4jMain.class.getClassLoader())));
        Logger log = LogManager.getLogger(Log4jMain.class);
        log.info("starting {} with {} arguments", "log4j2", args.length);
        log.debug("not shown: the root level is info");
        log.warn("answer {}", Answer.value());
        log.error("a logged failure", new IllegalStateException("expected"));
        LogManager.shutdown();
    }
}
