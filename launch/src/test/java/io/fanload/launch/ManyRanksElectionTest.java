package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Many ranks on one node (issue 19, item 5) at a width CI affords: 32 copies of the real rank
 * bootstrap start at once and race for the node's agent; exactly one starts it, and every rank is
 * served by a JVM of its own once the node is READY. The figures at 128 ranks come from
 * bench/scripts/many-ranks.sh (docs/perf/scale.md).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManyRanksElectionTest {

    static final int RANKS = 32;

    /** A served rank's program: says which rank reached main. */
    public static final class Tiny {
        public static void main(String[] args) throws IOException {
            Files.writeString(Path.of(args[0]), System.getenv("FANLOAD_RANK") + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    @Test
    void racingRanksStartOneAgentAndAllAreServed(@TempDir Path dir) throws Exception {
        Path node = dir.resolve("node");
        Path agents = dir.resolve("agents");
        Path served = dir.resolve("served");
        String agent = "echo $$ >> " + agents + "; sleep 1; mkdir -p \"$FANLOAD_NODE_DIR\" && touch \"$FANLOAD_NODE_DIR/READY\"; sleep 60";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classes = Path.of(Tiny.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<Process> ranks = new ArrayList<>();
        try {
            for (int r = 0; r < RANKS; r++) {
                List<String> argv = new ArrayList<>(List.of("bash", "-c", JobRun.bootstrapScript(), "fanload-rank",
                        java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes, Tiny.class.getName(),
                        served.toString(), "--fanload-plain--", "echo", "plain"));
                ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
                Map<String, String> env = builder.environment();
                env.put("FANLOAD_NODE_DIR", node.toString());
                env.put("FANLOAD_AGENT", String.join("\u001f", "sh", "-c", agent));
                env.put("FANLOAD_WAIT_SECONDS", "120");
                env.put("FANLOAD_SERVE_LD_LIBRARY_PATH", dir.resolve("lib").toString());
                env.put("FANLOAD_RANK", Integer.toString(r));
                ranks.add(builder.start());
            }
            for (Process p : ranks) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor(), out);
                assertFalse(out.contains("plain") || out.contains("normal way"), out);
            }
            assertEquals(1, Files.readAllLines(agents).size(), "agents started");
            Set<String> rankIds = new TreeSet<>(Files.readAllLines(served));
            assertEquals(RANKS, Files.readAllLines(served).size(), "served JVMs");
            assertEquals(RANKS, rankIds.size(), "every rank once: " + rankIds);
        } finally {
            ranks.forEach(Process::destroyForcibly);
            Path pid = Path.of(node + ".agent", "pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(h -> {
                    h.descendants().forEach(ProcessHandle::destroyForcibly);
                    h.destroyForcibly();
                });
            }
        }
    }
}
