package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Truffle's resource folder as served ranks get it, with a stand-in for Truffle's class that reads
 * {@value TruffleResources#PROPERTY}: pointed into the node's folder when the application's copy of
 * that class names the property (Truffle 24.1+), left alone when it does not (23.1 and 24.0 end the
 * application on the unknown option).
 */
class TruffleResourcesProcessTest {

    @TempDir
    Path dir;

    @Test
    void servedRanksUnpackIntoTheirNodeOnlyWhereTruffleTakesTheProperty() throws Exception {
        assertEquals(List.of("resources in the home folder", "resources in the node's folder"),
                pilotThenServe("newer", "System.getProperty(\"polyglot.engine.userResourceCache\")"));
        assertEquals(List.of("resources in the home folder", "resources in the home folder"),
                pilotThenServe("older", "System.getenv(\"XDG_CACHE_HOME_UNSET\")"));
    }

    /** The pilot's line and a served rank's, for an application whose stand-in Truffle reads its folder with {@code read}. */
    private List<String> pilotThenServe(String name, String read) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        Path src = Files.createDirectories(root.resolve("src/com/oracle/truffle/polyglot"));
        Files.writeString(src.resolve("InternalResourceRoots.java"), String.join("\n",
                "package com.oracle.truffle.polyglot;",
                "public final class InternalResourceRoots {",
                "  public static String root() { String r = " + read + "; return r == null ? \"home\" : r; }",
                "}"));
        Files.writeString(root.resolve("src/T.java"), String.join("\n",
                "public class T {",
                "  public static void main(String[] args) {",
                "    String r = com.oracle.truffle.polyglot.InternalResourceRoots.root();",
                "    System.out.println(r.equals(\"home\") ? \"resources in the home folder\"",
                "        : r.startsWith(args[0]) ? \"resources in the node's folder\" : r);",
                "  }",
                "}"));
        Path classes = Files.createDirectories(root.resolve("classes"));
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("InternalResourceRoots.java").toString(), root.resolve("src/T.java").toString()) != 0) {
            throw new IOException("javac failed");
        }
        try (OutputStream raw = Files.newOutputStream(root.resolve("t.jar")); JarOutputStream jar = new JarOutputStream(raw);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        LaunchProcessTestSupport support = new LaunchProcessTestSupport(root);
        Path shm = support.shm();
        LaunchProcessTestSupport.Result pilot = support.launch("--pilot", "--cache", "t.fanload", "--jvm-cache", "off", "--",
                "java", "-cp", "t.jar", "T", shm.toString());
        assertEquals(0, pilot.code(), pilot.err());
        LaunchProcessTestSupport.Result served = support.launch("--read-cache", "--cache", "t.fanload", "-n", "1",
                "--local-dir", shm.toString(), "--", "java", "-cp", "t.jar", "T", shm.toString());
        assertEquals(0, served.code(), served.err());
        return List.of(pilot.out().strip(), served.out().strip());
    }
}
