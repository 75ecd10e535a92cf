package io.fanload.bench.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent JVMs of one run ({@link SimAgentsMain}), each with its share of the agents; orders go to
 * every JVM at once, answers are awaited from all. Their stderr goes to this JVM's.
 */
final class AgentJvms implements AutoCloseable {

    /** Light JVMs: the agents' loops are the work; a C1-only JIT and a serial GC spend little CPU on 2 cores. */
    static final List<String> OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dio.netty.jfr.enabled=false", "-Dio.netty.leakDetection.level=disabled");

    private final List<Process> processes = new ArrayList<>();
    private final List<Writer> orders = new ArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    /** {@code cpus}: a taskset(1) CPU list for the agent JVMs (the coordinator keeps the others), or null. */
    AgentJvms(int jvms, int agents, InetSocketAddress coordinator, Path secretFile, LostNodes lost, long transferMillis,
              int loops, String cpus) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int j = 0; j < jvms; j++) {
            int first = agents * j / jvms;
            int count = agents * (j + 1) / jvms - first;
            List<String> command = new ArrayList<>();
            if (cpus != null) {
                command.addAll(List.of("taskset", "-c", cpus));
            }
            command.add(java);
            command.addAll(OPTIONS);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimAgentsMain.class.getName(),
                    "127.0.0.1:" + coordinator.getPort(), secretFile.toString(), String.valueOf(first),
                    String.valueOf(count), String.valueOf(lost.percent()), String.valueOf(transferMillis),
                    String.valueOf(loops)));
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            processes.add(p);
            orders.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> read(p), "agent-jvm-" + j);
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("error " + e);
        }
        lines.add("exited");
    }

    void tell(String order) throws IOException {
        for (Writer w : orders) {
            w.write(order + "\n");
            w.flush();
        }
    }

    /** Waits for {@code word} from every JVM; collects the agent lines seen on the way. */
    List<String> await(String word, long millis, List<AgentRecord> records) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int seen = 0;
        int exits = 0;
        List<String> other = new ArrayList<>();
        while (seen < processes.size()) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new IOException("agent JVMs: " + seen + " of " + processes.size() + " said '" + word + "' in "
                        + millis + " ms");
            } else if (line.equals(word)) {
                seen++;
            } else if (line.startsWith("agent ")) {
                records.add(AgentRecord.parse(line));
            } else if ((line.equals("exited") && ++exits > seen) || line.startsWith("error ")) {
                throw new IOException("an agent JVM ended early: " + line);
            } else if (!line.equals("exited")) {
                other.add(line);
            }
        }
        return other;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
