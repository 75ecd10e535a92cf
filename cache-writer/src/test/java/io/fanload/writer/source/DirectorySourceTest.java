package io.fanload.writer.source;

import io.fanload.hooks.archive.EntryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class-path folder answers every name as the JDK's own folder loader does. */
class DirectorySourceTest {

    @TempDir
    Path dir;

    @Test
    void namesResolveLikeUrlClassLoader() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/a/b"));
        Files.writeString(classes.resolve("c.txt"), "c");
        Files.writeString(dir.resolve("classes/top.txt"), "top");
        Files.writeString(dir.resolve("outside.txt"), "outside");
        Files.createSymbolicLink(dir.resolve("classes/escape.txt"), dir.resolve("outside.txt"));
        Path root = dir.resolve("classes");
        List<String> names = List.of("top.txt", "a/b/c.txt", "a/b/../../top.txt", "a/../a/b/c.txt", "../outside.txt",
                "a/../../outside.txt", "/top.txt", "/a/b/c.txt", "a/", "a", "", "missing.txt", "a/b/../c.txt",
                "escape.txt");
        try (URLClassLoader jdk = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            DirectorySource source = new DirectorySource(root, root.toString(), SourceLimits.DEFAULT);
            for (String name : names) {
                boolean jdkFinds = jdk.getResource(name) != null;
                SourceEntry entry = source.find(name, OptionalInt.empty());
                assertEquals(jdkFinds, entry != null, "'" + name + "': URLClassLoader " + (jdkFinds ? "finds" : "does not find") + " it");
            }
            assertEquals("top", new String(source.find("a/b/../../top.txt", OptionalInt.empty()).content()));
            assertEquals(EntryKind.DIRECTORY, source.find("a", OptionalInt.empty()).kind());
            assertTrue(source.filesRead().stream().allMatch(f -> f.toAbsolutePath().normalize().startsWith(root)
                    || f.toString().startsWith(root.toString())), source.filesRead().toString());
        }
    }
}
