package io.fanload.server.agent;

import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.tree.TreeShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents as separate processes, as the launcher runs them: secret and coordinator from the environment. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentProcessIT {

    @TempDir
    Path tmp;

    private Process agent(String id, Secret secret, Coordinator c) throws IOException {
        return agent(id, secret, c, true);
    }

    /** {@code keep}: leave the node-local and the verdict folder, to look at them. */
    private Process agent(String id, Secret secret, Coordinator c, boolean keep) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AgentMain.class.getName(), "--node-id", id, "--local-dir", tmp.resolve(id).toString(),
                "--advertise", "127.0.0.1", "--bind", "127.0.0.1", "--archive-only",
                "--verdict-dir", tmp.resolve(id + ".verdict").toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (keep) {
            command.add("--keep");
            pb.environment().put("FANLOAD_KEEP_AGENT_LOG", "1");
        }
        pb.environment().put(Secret.ENV_SECRET, secret.hex());
        pb.environment().put(AgentMain.ENV_COORDINATOR, "127.0.0.1:" + c.address().getPort());
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve(id + ".log").toFile());
        return pb.start();
    }

    private CoordinatorConfig twelveMiB(Secret secret, int nodes) throws IOException {
        Path source = tmp.resolve("archive.bin");
        byte[] block = new byte[1 << 20];
        Random random = new Random(5);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (int i = 0; i < 12; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return new CoordinatorConfig().secret(secret)
                .source(source, TransferSpec.ofFile(source, Files.size(source) - 256))
                .expectedNodes(nodes).shape(TreeShape.CHAIN).chunkSize(256 << 10)
                .bind(new InetSocketAddress("127.0.0.1", 0));
    }

    /**
     * Once the coordinator's close returns (launch is about to), no node holds anything of the step:
     * it waits for each agent to close its link after cleaning up. It used to close the links itself
     * right after Shutdown, and launch returned while agents were still removing their folders.
     */
    @Test
    void nodesAreCleanWhenTheCoordinatorsCloseReturns() throws Exception {
        Secret secret = Secret.generate();
        List<Process> agents = new ArrayList<>();
        try (Coordinator c = Coordinator.start(twelveMiB(secret, 2))) {
            for (String id : List.of("a", "b")) {
                agents.add(agent(id, secret, c, false));
            }
            assertTrue(c.result().get(60, TimeUnit.SECONDS).allReady());
        }
        for (String id : List.of("a", "b")) {
            assertFalse(Files.exists(tmp.resolve(id)), id + "'s node-local folder is gone");
            assertFalse(Files.exists(tmp.resolve(id + ".verdict")), id + "'s verdict folder is gone");
        }
        for (Process agent : agents) {
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, agent.exitValue());
        }
    }

    @Test
    void threeAgentProcessesReceiveTheArchiveAndAStrangerFallsBack() throws Exception {
        Path source = tmp.resolve("archive.bin");
        Secret secret = Secret.generate();
        CoordinatorConfig config = twelveMiB(secret, 3);
        List<Process> agents = new ArrayList<>();
        Process stranger;
        try (Coordinator c = Coordinator.start(config)) {
            for (String id : List.of("a", "b", "c")) {
                agents.add(agent(id, secret, c));
            }
            stranger = agent("x", Secret.generate(), c);
            DistributionResult result = c.result().get(60, TimeUnit.SECONDS);
            assertTrue(result.allReady(), result.toString());
            for (String id : List.of("a", "b", "c")) {
                assertEquals(-1, Files.mismatch(source, tmp.resolve(id).resolve("archive.fanload")), id);
            }
        }
        for (int i = 0; i < agents.size(); i++) {
            assertTrue(agents.get(i).waitFor(30, TimeUnit.SECONDS));
            String log = Files.readString(tmp.resolve(List.of("a", "b", "c").get(i) + ".log"));
            assertEquals(0, agents.get(i).exitValue(), log);
            assertTrue(log.contains("ready"), log);
            assertFalse(log.contains(secret.hex()), "the secret never appears in output");
        }
        assertTrue(stranger.waitFor(30, TimeUnit.SECONDS));
        assertEquals(AgentMain.EXIT_FALLBACK, stranger.exitValue(), Files.readString(tmp.resolve("x.log")));
        // Ranks waiting on the stranger's node learn at once that they must load the normal way.
        String verdict = Files.readString(tmp.resolve("x.verdict").resolve("FALLBACK"));
        assertFalse(verdict.isBlank());
        for (String id : List.of("a", "b", "c")) {
            assertFalse(Files.exists(tmp.resolve(id + ".verdict").resolve("FALLBACK")), "a ready node gives no fallback verdict");
        }
    }
}
