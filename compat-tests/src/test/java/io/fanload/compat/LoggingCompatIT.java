package io.fanload.compat;

import compat.app.Answer;
import compat.app.Log4jMain;
import compat.app.LogbackMain;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logging libraries configured from a file in the application's jar: log4j2 (java -cp) and logback (java -jar). */
class LoggingCompatIT {

    /** log4j2's configuration probes named after the logger context, the class loader's identity hash. */
    private static final Pattern LOG4J2_CONTEXT_PROBES = Pattern.compile("log4j2(-test)?[0-9a-f]{1,8}\\.[a-z]+");

    private static final String LOG4J2_PROPERTIES = """
            status = error
            appender.out.type = Console
            appender.out.name = out
            appender.out.target = SYSTEM_OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = %level %logger{1} [%t] %msg%n
            rootLogger.level = info
            rootLogger.appenderRef.out.ref = out
            """;

    private static final String LOGBACK_XML = """
            <configuration>
              <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%level %logger{0} [%thread] job=%X{job} %msg%n</pattern></encoder>
              </appender>
              <root level="INFO"><appender-ref ref="out"/></root>
            </configuration>
            """;

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    private Path mainJar(String name, Class<?> main, String configName, String config) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.classes(main, Answer.class));
        entries.putAll(TestJars.text(configName, config));
        return TestJars.jar(shared().resolve(name), null, entries);
    }

    /**
     * log4j2's configuration probes carry the logger context's name. When the served rank's name is
     * one a pilot rank had, nothing may miss; otherwise exactly its probes miss, counted and named.
     */
    @Test
    void log4j2ProbesItsContextsConfigurationFiles() throws Exception {
        List<Path> classPath = new ArrayList<>(List.of(mainJar("log4j-app.jar", Log4jMain.class, "log4j2.properties", LOG4J2_PROPERTIES)));
        classPath.addAll(Apps.copy(shared(), "log4j-core-", "log4j-api-"));
        Pipeline pipeline = new Pipeline(work, shared(), classPath, "compat.app.Log4jMain").varyingNames(LOG4J2_CONTEXT_PROBES);
        Pipeline.Served served = pipeline.checkRecordThenServe();
        String context = context(served.run());
        List<String> pilotContexts = pipeline.pilotRuns().stream().map(LoggingCompatIT::context).toList();
        if (pilotContexts.contains(context)) { // the pilot asked for the served rank's names too
            assertEquals(0, served.counter("misses"), () -> "misses: " + served.counters());
        } else {
            Pattern own = Pattern.compile("log4j2(-test)?" + context + "\\.[a-z]+");
            assertTrue(served.counter("misses") > 0, () -> "context " + context + " (pilot: " + pilotContexts
                    + "): its probes were not counted: " + served.counters());
            assertTrue(served.missedNames().stream().allMatch(name -> own.matcher(name).matches()), () -> "context " + context
                    + ": " + served.counters());
        }
        String out = served.run().out();
        assertTrue(out.startsWith("INFO Log4jMain [main] starting log4j2 with 0 arguments\nWARN Log4jMain [main] answer 42\n"
                + "ERROR Log4jMain [main] a logged failure\njava.lang.IllegalStateException: expected\n"), out);
    }

    /** The logger context name the run's Log4jMain printed on stderr. */
    private static String context(Pipeline.Run run) {
        return run.err().lines().filter(line -> line.startsWith("log4j2 context ")).findFirst()
                .orElseThrow(() -> new AssertionError("no context line: " + run.err())).substring("log4j2 context ".length());
    }

    @Test
    void logbackStartedWithJavaJarAndAManifestClassPath() throws Exception {
        Path lib = Files.createDirectories(shared().resolve("lib"));
        List<Path> libs = Apps.copy(lib, "logback-classic-", "logback-core-", "slf4j-api-");
        StringBuilder manifestClassPath = new StringBuilder();
        for (Path jar : libs) {
            manifestClassPath.append("lib/").append(jar.getFileName()).append(' ');
        }
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.classes(LogbackMain.class, Answer.class));
        entries.putAll(TestJars.text("logback.xml", LOGBACK_XML));
        Path app = TestJars.jar(shared().resolve("logback-app.jar"),
                TestJars.manifest("Main-Class", "compat.app.LogbackMain", "Class-Path", manifestClassPath.toString().strip()), entries);
        Pipeline.Served served = Pipeline.executableJar(work, shared(), app).checkRecordThenServe();
        String out = served.run().out();
        assertTrue(out.startsWith("INFO LogbackMain [main] job=compat starting logback with 0 arguments\n"
                + "WARN LogbackMain [main] job=compat answer 42\nERROR LogbackMain [main] job=compat a logged failure\n"
                + "java.lang.IllegalStateException: expected\n"), out);
    }
}
