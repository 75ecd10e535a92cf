package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent JVM's options ({@link AgentMain#JVM_OPTIONS}) on the JDK that runs the tests (CI runs
 * JDK 17 and JDK 25): the JVM accepts them, prints nothing of its own into the agent's log (no
 * CompileCommand echo, no restricted-method warning for Netty's epoll library), and Netty's first
 * buffer does not start the JDK's JFR metadata.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentJvmOptionsTest {

    @TempDir
    Path tmp;

    @Test
    void theAgentJvmStartsQuietlyAndWithoutJfr() throws Exception {
        Path classLog = tmp.resolve("class-load.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(AgentMain.JVM_OPTIONS);
        command.addAll(List.of("-Xlog:class+load:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                AgentJvmStartProbe.class.getName()));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(50, TimeUnit.SECONDS));

        assertEquals(0, jvm.exitValue(), output);
        assertTrue(output.matches("probe done: (EPOLL|NIO), 256-bit digest\\R"), "only the program's own line: " + output);
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("io.netty.buffer.ByteBufAllocator "), "the probe did allocate through Netty");
        assertFalse(loaded.contains("jdk.jfr.internal.MetadataRepository "), "Netty's allocator started JFR's metadata");
    }
}
