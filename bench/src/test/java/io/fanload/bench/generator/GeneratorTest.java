package io.fanload.bench.generator;

import io.fanload.bench.generator.app.GenDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {

    @TempDir
    Path dir;

    /**
     * The tiny preset: 3 x 4 application classes + 2 native classes, in 6 jars, 2 libraries; it runs
     * with plain java, and a second generation gives the same bytes (runs on different days load the
     * same application). One test, so the suite compiles the application twice, not three times.
     */
    @Test
    void generatedApplicationRunsAndIsReproducible() throws Exception {
        Generator.Result r = new Generator(AppSpec.tiny()).generate(dir.resolve("a"));
        assertEquals(14, r.classes());
        assertEquals(6, r.jars());
        assertTrue(Files.exists(r.libDir().resolve("libgennat001.so")));

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-Djava.library.path=" + r.libDir(),
                "-cp", r.classPath(), GenDriver.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "driver finished");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("classes=14 resources=3 absent=3 services=3 "), out);
        assertTrue(out.contains("launch_to_main_ms=-1"), "no GEN_LAUNCH_MS given: " + out);

        Generator.Result a = r;
        Generator.Result b = new Generator(AppSpec.tiny()).generate(dir.resolve("b"));
        List<String> jars = List.of("driver.jar", "gen-j000.jar", "gen-j002.jar", "gen-u00.jar", "gen-nat.jar");
        for (String jar : jars) {
            assertArrayEquals(Files.readAllBytes(a.out().resolve("jars").resolve(jar)),
                    Files.readAllBytes(b.out().resolve("jars").resolve(jar)), jar);
        }
    }
}
