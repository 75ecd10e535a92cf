package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AgentClassPathTest {

    @TempDir
    Path dir;

    @Test
    void spellsOutTheJarAndTheDependenciesItsManifestNames() throws IOException {
        Path jar = jar("cache-server.jar", "netty.jar picocli.jar");
        Files.createFile(dir.resolve("netty.jar"));
        Files.createFile(dir.resolve("picocli.jar"));
        Files.createFile(dir.resolve("commons-compress.jar")); // beside it, but not named: not on the path

        assertEquals(Optional.of(String.join(File.pathSeparator, List.of(jar.toString(),
                dir.resolve("netty.jar").toString(), dir.resolve("picocli.jar").toString()))), AgentClassPath.forJar(jar));
    }

    @Test
    void givesNothingWhenANamedDependencyIsMissingOrTheManifestNamesNone() throws IOException {
        Files.createFile(dir.resolve("netty.jar"));
        assertEquals(Optional.empty(), AgentClassPath.forJar(jar("a.jar", "netty.jar picocli.jar")));
        assertEquals(Optional.empty(), AgentClassPath.forJar(jar("b.jar", null)));
        assertEquals(Optional.empty(), AgentClassPath.forJar(dir.resolve("absent.jar")));
        assertEquals(Optional.empty(), AgentClassPath.forJar(Files.writeString(dir.resolve("not-a.jar"), "text")));
    }

    private Path jar(String name, String classPath) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
