package io.fanload.launch;

import io.fanload.server.agent.AgentClassPath;
import io.fanload.server.agent.AgentMain;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agents' class path in the built lib folder that pilot-scripts/bin/launch runs from. */
class AgentClassPathIT {

    @Test
    void agentsGetCacheServerAndItsDependenciesButNothingOfTheFrontEnd() throws Exception {
        Path lib = Path.of("target", "lib").toAbsolutePath();
        Path cacheServer;
        try (Stream<Path> jars = Files.list(lib)) {
            cacheServer = jars.filter(p -> p.getFileName().toString().startsWith("cache-server-")).findFirst().orElseThrow();
        }
        String classPath = AgentClassPath.forJar(cacheServer).orElseThrow();
        List<String> names = Stream.of(classPath.split(File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString()).toList();

        assertTrue(names.stream().anyMatch(n -> n.startsWith("netty-transport-native-epoll")), names::toString);
        assertTrue(names.stream().anyMatch(n -> n.startsWith("loader-hooks-")), names::toString);
        assertFalse(names.stream().anyMatch(n -> n.startsWith("launch-") || n.startsWith("commons-")), names::toString);

        // ... and an agent JVM starts from it alone.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process agent = new ProcessBuilder(java, "-cp", classPath, AgentMain.class.getName(), "--help")
                .redirectErrorStream(true).start();
        String output = new String(agent.getInputStream().readAllBytes());
        assertEquals(0, agent.waitFor(), output);
        assertTrue(output.contains("--local-dir"), output);
    }
}
