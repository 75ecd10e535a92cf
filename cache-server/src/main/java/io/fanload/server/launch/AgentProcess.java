package io.fanload.server.launch;

import io.fanload.server.agent.AgentConfig;
import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node's agent in its own process, started by the first rank on a node (rank-bootstrap.sh) under
 * srun, mpirun or aprun. Configured by the environment launch gave the job step:
 * {@code FANLOAD_COORDINATOR} (host:port), {@code FANLOAD_SECRET} or {@code FANLOAD_SECRET_FILE},
 * {@code FANLOAD_NODE_DIR}, optionally {@code FANLOAD_AGENT_PORT} (a fixed data port for
 * firewalled sites); the node's name from Slurm, else the host name. Runs until the
 * coordinator ends the step (or SIGTERM), then removes the node-local folder.
 */
public final class AgentProcess {

    private AgentProcess() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Path nodeDir = Path.of(required(env, "FANLOAD_NODE_DIR"));
        Path lockDir = Path.of(nodeDir + ".agent");
        try {
            InetSocketAddress coordinator = parseAddress(required(env, "FANLOAD_COORDINATOR"));
            String node = env.getOrDefault("SLURMD_NODENAME", InetAddress.getLocalHost().getHostName());
            AgentConfig config = new AgentConfig().nodeId(node).coordinator(coordinator)
                    .secret(Secret.fromEnvironment(env)).localDir(nodeDir)
                    .advertiseHost(addressTowards(coordinator)).preparer(NodeLocalHooks.preparer())
                    .dataPort(Integer.parseInt(env.getOrDefault("FANLOAD_AGENT_PORT", "0")));
            try (NodeAgent agent = NodeAgent.start(config)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    agent.close();
                    removeLock(lockDir);
                }, "fanload-agent-stop"));
                AgentOutcome outcome = agent.ready().join();
                if (!outcome.ready()) {
                    verdict(lockDir, outcome.reason());
                }
                agent.terminated().join();
            }
        } catch (IOException | RuntimeException e) {
            verdict(lockDir, "agent failed: " + e.getMessage());
            System.err.println("fanload agent: " + e.getMessage());
            System.exit(75);
        }
    }

    /**
     * At the end of the step the election folder goes too (with the agent's log, unless
     * FANLOAD_KEEP_AGENT_LOG is set): two jobs never share a folder name, but a node should not
     * collect litter in its memory.
     */
    private static void removeLock(Path lockDir) {
        if (System.getenv("FANLOAD_KEEP_AGENT_LOG") != null) {
            return;
        }
        try {
            ReadCacheRun.deleteTree(lockDir);
        } catch (IOException e) {
            System.err.println("fanload agent: cannot remove " + lockDir + ": " + e.getMessage());
        }
    }

    /** Tells the node's waiting ranks to load the normal way, and why. */
    private static void verdict(Path lockDir, String reason) {
        try {
            Path temp = lockDir.resolve("FALLBACK.tmp");
            Files.writeString(temp, reason + "\n", StandardCharsets.UTF_8);
            Files.move(temp, lockDir.resolve("FALLBACK"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            System.err.println("fanload agent: cannot write the fallback verdict: " + e.getMessage());
        }
    }

    /**
     * This node's address on the route to the coordinator: connecting a UDP socket sends nothing
     * but makes the kernel choose the interface, so children reach us on the same network.
     */
    static String addressTowards(InetSocketAddress coordinator) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(coordinator);
            return probe.getLocalAddress().getHostAddress();
        }
    }

    static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("FANLOAD_COORDINATOR must be host:port, is " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            System.err.println("fanload agent: " + name + " is not set");
            System.exit(2);
        }
        return value;
    }
}
