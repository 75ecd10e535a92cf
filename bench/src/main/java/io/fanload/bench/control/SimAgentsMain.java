package io.fanload.bench.control;

import io.fanload.server.auth.Secret;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * One agent JVM of {@link ControlPlaneBench}: runs its share of the simulated agents and takes its
 * orders on stdin, one a line ({@code go NANOS}: connect every agent at that System.nanoTime,
 * which is one clock for every process on Linux; {@code transfer}: the data starts to flow; {@code kill}: the lost nodes die; {@code end}:
 * report). It answers on stdout: {@code warm}, {@code placed} (every agent placed or refused), then
 * one {@code agent} line per agent with its times in ms since go, and {@code done}.
 * <pre>
 *   java -cp benchmarks.jar io.fanload.bench.control.SimAgentsMain HOST:PORT SECRET_FILE FIRST COUNT
 *        LOST_PERCENT TRANSFER_MS LOOPS
 * </pre>
 */
public final class SimAgentsMain {

    private SimAgentsMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SimAgentsMain HOST:PORT SECRET_FILE FIRST COUNT LOST_PERCENT TRANSFER_MS LOOPS");
            System.exit(2);
        }
        String[] hostPort = args[0].split(":");
        InetSocketAddress coordinator = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        Secret secret = Secret.readFile(Path.of(args[1]));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (SimAgents agents = new SimAgents(coordinator, secret, Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                new LostNodes(Integer.parseInt(args[4])), Long.parseLong(args[5]), Integer.parseInt(args[6]))) {
            out.println("warm");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("go ")) {
                    long go = Long.parseLong(line.substring(3));
                    while (System.nanoTime() < go) {
                        LockSupport.parkNanos(Math.min(1_000_000, go - System.nanoTime()));
                    }
                    agents.go(go);
                    Thread waiter = new Thread(() -> {
                        try {
                            agents.awaitPlaced(Long.MAX_VALUE);
                            out.println("placed");
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "placed-waiter");
                    waiter.setDaemon(true);
                    waiter.start();
                } else if (line.equals("transfer")) {
                    agents.startTransfer();
                } else if (line.equals("kill")) {
                    agents.kill();
                } else if (line.equals("end")) {
                    agents.awaitEnded(10_000);
                    for (SimAgent a : agents.agents()) {
                        out.println(AgentRecord.of(a).line());
                    }
                    out.println("done");
                    return;
                }
            }
        }
    }
}
