package io.fanload.hooks.record;

import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenArchivesTest {

    @TempDir
    Path dir;

    @Test
    void aJarALoaderOfTheApplicationHoldsOpenIsFoundUntilTheLoaderCloses() throws Exception {
        Path plugin = TestJars.jar(dir.resolve("plugin.jar"), null, TestJars.text("p/plugin.txt", "p"));
        Path element = TestJars.jar(dir.resolve("element.jar"), null, TestJars.text("e.txt", "e"));
        Path written = dir.resolve("out.zip");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {plugin.toUri().toURL(), element.toUri().toURL()}, null);
             FileOutputStream output = new FileOutputStream(written.toFile())) {
            loader.getResourceAsStream("p/plugin.txt").close(); // URLClassLoader.close() closes this jar
            loader.getResourceAsStream("e.txt").close();
            var open = OpenArchives.ofThisProcess(Set.of(element.toRealPath().toString()));
            assertTrue(open.contains(plugin.toRealPath().toString()), open.toString());
            assertFalse(open.contains(element.toRealPath().toString()), "a class-path element is an origin, not this");
            assertFalse(open.contains(written.toRealPath().toString()), "a zip open for writing is output");
            assertTrue(open.stream().noneMatch(p -> p.startsWith(System.getProperty("java.home"))), "not the JDK's");
        }
        assertFalse(OpenArchives.ofThisProcess(Set.of()).contains(plugin.toRealPath().toString()), "closed with its loader");
    }
}
