package io.fanload.launch;

import io.fanload.server.coordinator.DistributionResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --report FILE.json} contract (DESIGN.md section 5): {@code mode}, {@code ranks},
 * {@code nodes}, {@code exitCode}, {@code archiveBytes}, {@code distributionSeconds},
 * {@code classesFromCache}, {@code resourcesFromCache}, {@code nativesFromCache}, {@code misses},
 * {@code missesAbsent}, {@code sharedFsLoads} (sums over ranks), {@code mostMissed} (name -> ranks
 * that missed it) and per-node {@code readySeconds} with the node's timeline ({@code joinSeconds},
 * {@code firstByteSeconds}, {@code lastByteSeconds}); {@code rankExitCode} (the lowest failing
 * rank's own status, when one failed: {@code exitCode} differs from it when it lies in the block
 * fanload keeps for itself, ExitCodes); plus what else a run learned.
 */
final class LaunchReport {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> readySeconds = new LinkedHashMap<>();
    private final Map<String, Object> nodeStatus = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    LaunchReport(String mode, String launcher, int ranks, int nodes) {
        values.put("mode", mode);
        values.put("launcher", launcher);
        values.put("ranks", ranks);
        values.put("nodes", nodes);
        values.put("exitCode", null);
        values.put("archiveBytes", 0L);
        values.put("distributionSeconds", 0.0);
        for (String key : CounterSums.SUMMED) {
            values.put(key, 0L);
        }
        values.put("fallbackRanks", 0);
    }

    LaunchReport put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    /**
     * What the tree did: its time, every node's outcome, and how many nodes never joined (their
     * agent could not start or reach launch: no entry of their own; their ranks loaded the normal
     * way, counted in fallbackRanks).
     */
    void distribution(DistributionResult result) {
        values.put("distributionSeconds", result.seconds());
        for (DistributionResult.NodeReport node : result.nodes()) {
            node(node);
        }
        values.put("nodesNeverJoined", result.missingNodes());
    }

    /** One node's outcome; how it got there (parents lost, slow parents left) when anything happened. */
    private void node(DistributionResult.NodeReport node) {
        readySeconds.put(node.nodeId(), node.readySeconds());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("status", node.status().name());
        entry.put("readySeconds", node.readySeconds());
        entry.put("joinSeconds", node.joinSeconds());
        if (node.firstByteSeconds() >= 0) {
            entry.put("firstByteSeconds", node.firstByteSeconds());
            entry.put("lastByteSeconds", node.lastByteSeconds());
        }
        if (node.reparents() > 0) {
            entry.put("parentsLost", node.reparents());
        }
        if (node.slowMoves() > 0) {
            entry.put("slowParentsLeft", node.slowMoves());
        }
        if (!node.detail().isEmpty()) {
            entry.put("detail", node.detail());
        }
        nodeStatus.put(node.nodeId(), entry);
    }

    void counters(CounterSums sums) {
        values.putAll(sums.sums());
        values.put("fallbackRanks", (Integer) values.getOrDefault("fallbackRanks", 0) + sums.fallbackRanks());
        values.put("ranksWithoutCounters", sums.ranksWithoutCounters());
        values.put("mostMissed", sums.mostMissed());
        values.put("runtimeFromCache", sums.get("runtimeRanks") > 0 && sums.get("runtimeRanks") == (Integer) values.get("ranks"));
    }

    void warn(String warning) {
        warnings.add(warning);
    }

    List<String> warnings() {
        return warnings;
    }

    void write(Path file) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(values);
        all.put("readySeconds", readySeconds);
        all.put("nodeStatus", nodeStatus);
        all.put("warnings", warnings);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, Json.write(all), StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
