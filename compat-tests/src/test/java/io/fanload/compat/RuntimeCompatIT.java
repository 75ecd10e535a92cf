package io.fanload.compat;

import compat.app.Answer;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Language runtimes in one jar that find their home through that jar: Jython from its class's
 * {@code jar:file:} URL (then reads its Lib/ from the jar file itself), JRuby through
 * {@code uri:classloader:} resources. Both scripts call a class of a second jar on the class path.
 */
class RuntimeCompatIT {

    private static final String JYTHON_SCRIPT = """
            import json, re, collections
            from compat.app import Answer
            counts = collections.Counter('abracadabra')
            print('jython %d %s %s' % (Answer.value(), json.dumps(sorted(counts.items())), re.sub('a+', '-', 'banana')))
            """;

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    /** The job's input: outside the shared folder, as a script given to a real job would be. */
    private Path input(String name, String text) throws IOException {
        return Files.writeString(Files.createDirectories(work.resolve("input")).resolve(name), text);
    }

    private List<Path> classPath(String runtimePrefix) throws IOException {
        List<Path> classPath = new ArrayList<>(Apps.copy(shared(), runtimePrefix));
        classPath.add(TestJars.jar(shared().resolve("answer.jar"), null, TestJars.classes(Answer.class)));
        return classPath;
    }

    @Test
    void jythonFindsItsHomeThroughItsJar() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), classPath("jython-standalone-"), "org.python.util.jython",
                input("script.py", JYTHON_SCRIPT).toString()).checkRecordThenServe();
        assertEquals("jython 42 [[\"a\", 5], [\"b\", 2], [\"c\", 1], [\"d\", 1], [\"r\", 2]] b-n-n-\n", served.run().out());
    }

    @Test
    void jrubyLoadsItsStandardLibraryFromItsJar() throws Exception {
        Path script = input("script.rb", """
                require 'json'
                require 'set'
                puts "jruby #{Java::CompatApp::Answer.value} #{[3, 1, 2].sort.to_json} #{Set.new([1, 2, 2]).size} #{'banana'.gsub(/a+/, '-')}"
                """);
        Pipeline.Served served = new Pipeline(work, shared(), classPath("jruby-complete-"), "org.jruby.Main", script.toString())
                .checkRecordThenServe();
        assertEquals("jruby 42 [1,2,3] 2 b-n-n-\n", served.run().out());
    }

    /**
     * The pilot ran a trivial expression; the served rank imports modules the pilot never did. Their
     * classes are misses: counted, named, loaded without touching the shared folder, and the output
     * is plain java's.
     */
    @Test
    void aServedRankRunsMoreThanThePilotDid() throws Exception {
        List<Path> classPath = classPath("jython-standalone-");
        Pipeline.Run pilot = new Pipeline(work, shared(), classPath, "org.python.util.jython", "-c", "print(1 + 1)").pilot(1).get(0);
        assertEquals("2\n", pilot.out(), pilot.err());
        Pipeline larger = new Pipeline(work, shared(), classPath, "org.python.util.jython", input("script.py", JYTHON_SCRIPT).toString());
        Pipeline.Run plain = larger.plain();
        assertEquals(0, plain.exit(), plain.err());
        Pipeline.Served served = Strace.available() ? larger.serve("served", false, true, null) : larger.serveWithSharedMovedAway("served");
        assertAll("served",
                () -> assertEquals(0, served.run().exit(), () -> Pipeline.head(served.run().err())),
                () -> assertEquals(plain.out(), served.run().out()),
                () -> assertTrue(served.counter("misses") > 0, () -> "no miss counted: " + served.counters()),
                () -> assertNamedEntries(served, classPath),
                () -> assertEquals(0, served.sharedTouches().size(), () -> Pipeline.touchSummary(served.sharedTouches())));
    }

    /**
     * The counters name the misses (the first 20), and what the larger script needed is among them:
     * at least one is an entry of a class-path jar (others may be names found nowhere, which the
     * pilot never asked for either).
     */
    private static void assertNamedEntries(Pipeline.Served served, List<Path> classPath) throws IOException {
        List<String> names = served.missedNames();
        assertEquals(Math.min(20, served.counter("misses")), names.size(), () -> "missed names: " + served.counters());
        boolean anEntry = false;
        for (Path jar : classPath) {
            try (JarFile file = new JarFile(jar.toFile())) {
                anEntry |= names.stream().anyMatch(name -> file.getEntry(name) != null);
            }
        }
        assertTrue(anEntry, () -> "no missed name is a class-path entry: " + served.counters());
    }
}
