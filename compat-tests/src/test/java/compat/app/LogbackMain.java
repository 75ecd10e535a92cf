package compat.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** SLF4J over logback, configured by a logback.xml in this main's jar; started with {@code java -jar}. */
public final class LogbackMain {
    private LogbackMain() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(LogbackMain.class);
        MDC.put("job", "compat");
        log.info("starting {} with {} arguments", "logback", args.length);
        log.debug("not shown: the root level is info");
        log.warn("answer {}", Answer.value());
        log.error("a logged failure", new IllegalStateException("expected"));
    }
}
