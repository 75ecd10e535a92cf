package io.fanload.launch;

import io.fanload.hooks.rank.JvmCacheOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A java command with {@code -javaagent:} (JaCoCo's agent, say), as a user runs it: the JVM opens
 * the agent jar itself, so served ranks must be given the node's copy. The original is damaged
 * after the pilot with its size and time kept (launch's staleness check cannot tell): a rank that
 * still opened it could not start its agent.
 */
class AgentJarProcessTest {

    @TempDir
    Path dir;
    private LaunchProcessTestSupport app;
    private Path agent;

    @BeforeEach
    void buildAppAndAgent() throws IOException {
        app = new LaunchProcessTestSupport(dir);
        Path src = Files.createDirectories(dir.resolve("agent-src/probe"));
        Files.writeString(src.resolve("Agent.java"), "package probe; public class Agent {"
                + " public static void premain(String args) { System.out.println(\"agent \" + args); } }");
        Path classes = Files.createDirectories(dir.resolve("agent-classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Agent.java").toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", "probe.Agent");
        agent = Files.createDirectories(dir.resolve("agents")).resolve("agent.jar");
        try (OutputStream raw = Files.newOutputStream(agent); JarOutputStream jar = new JarOutputStream(raw, manifest)) {
            jar.putNextEntry(new JarEntry("probe/Agent.class"));
            jar.write(Files.readAllBytes(classes.resolve("probe/Agent.class")));
            jar.closeEntry();
        }
    }

    @Test
    void servedRanksStartTheAgentFromTheNodesCopy() throws Exception {
        List<String> command = List.of("java", "-javaagent:agents/agent.jar=on", "-cp", "app.jar", "app.Main", "world");
        LaunchProcessTestSupport.Result pilot = app.launch(concat(List.of("--pilot", "--cache", "app.fanload",
                "--local-dir", app.shm().toString(), "--"), command));
        assertEquals(0, pilot.code(), pilot.err());
        assertTrue(pilot.out().contains("agent on\n"), pilot.out());
        if (JvmCacheOptions.kindFor(Runtime.version().feature()).equals(JvmCacheOptions.APPCDS)) {
            assertTrue(pilot.err().contains("jvm cache: none trained: JDK " + Runtime.version().feature()
                    + "'s dynamic AppCDS archive cannot be made with a Java agent"), pilot.err());
        } else {
            assertTrue(pilot.err().contains("jvm cache: trained"), pilot.err());
        }

        FileTime time = Files.getLastModifiedTime(agent);
        byte[] damaged = new byte[(int) Files.size(agent)];
        Files.write(agent, damaged);
        Files.setLastModifiedTime(agent, time);

        for (String serve : List.of("auto", "loader")) {
            LaunchProcessTestSupport.Result served = app.launch(concat(List.of("--read-cache", "--cache", "app.fanload",
                    "-n", "2", "--serve", serve, "--local-dir", app.shm().toString(), "--"), command));
            assertEquals(0, served.code(), serve + ": " + served.err());
            assertEquals(2, served.out().lines().filter("agent on"::equals).count(), serve + ": " + served.out());
            assertTrue(served.out().contains("rank 0: hello world") && served.out().contains("rank 1: hello world"),
                    serve + ": " + served.out());
            assertTrue(served.err().contains("0 shared-file-system loads"), serve + ": " + served.err());
        }
    }

    private static String[] concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toArray(String[]::new);
    }
}
