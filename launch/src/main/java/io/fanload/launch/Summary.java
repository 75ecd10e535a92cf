package io.fanload.launch;

import io.fanload.server.coordinator.DistributionResult;
import io.fanload.writer.tools.Sizes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The lines launch ends a read-cache run with: ranks, nodes, archive, distribution time and rate, counts. */
final class Summary {

    private Summary() {
    }

    /** {@code sums}: the ranks' counters as the node agents reported them. */
    static void say(LaunchSettings settings, LaunchReport report, int ranks, int nodes, int status,
                    DistributionResult result, long archiveBytes, CounterSums sums) {
        int fallbackNodes = result == null ? nodes
                : (int) result.nodes().stream().filter(n -> n.status() != DistributionResult.Status.READY).count()
                + result.missingNodes();
        String distribution = result == null ? "not distributed"
                : String.format(Locale.ROOT, "%s to %d of %d nodes in %.2f s (%s/s)", Sizes.bytes(archiveBytes),
                result.readyCount(), nodes, result.seconds(),
                Sizes.bytes(result.seconds() > 0 ? (long) (archiveBytes * result.readyCount() / result.seconds()) : 0));
        String slowest = result == null ? "" : SlowestStage.of(result).map(s -> "; " + s.describe()).orElse("");
        settings.say(String.format(Locale.ROOT, "%d ranks on %d nodes exited %d; archive %s%s", ranks, nodes, status,
                distribution, slowest));
        Object fallbackRanks = report.get("fallbackRanks");
        settings.say(String.format(Locale.ROOT,
                "from cache: %d classes, %d resources, %d natives (%s); %d misses, %d shared-file-system loads;"
                        + " fallbacks: %d nodes, %d ranks",
                sums.get("classesFromCache"), sums.get("resourcesFromCache"), sums.get("nativesFromCache"),
                Sizes.bytes(sums.get("bytesFromCache")), sums.get("misses"), sums.get("sharedFsLoads"), fallbackNodes,
                fallbackRanks instanceof Integer i ? i : 0));
        if (result != null) {
            fallbackReasons(result).forEach(settings::say);
        }
        if (sums.get("runtimeRanks") > 0) {
            settings.say(String.format(Locale.ROOT, "runtime: %d of %d ranks ran their node's copy of the JDK",
                    sums.get("runtimeRanks"), ranks));
        }
        if (report.get("serve") instanceof String serve && serve.equals("cache")) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "jvm cache: %d of %d ranks started with the pilot-trained cache (%d classes from it)",
                    sums.get("jvmCacheRanks"), ranks, sums.get("classesFromJvmCache")));
            if (sums.get("jvmCacheRanks") > 0 && sums.get("classesFromJvmCache") == 0) {
                // The JVM mapped it, but the JDK left every application class out at training.
                line.append(": it holds none of the application's classes (the JDK leaves out classes of signed"
                        + " jars and class files older than Java 6), only the JDK's");
            }
            if (sums.get("jvmCacheLinkHeld") > 0) {
                line.append(String.format(Locale.ROOT, "; %d used fanload's loader: on their host another node"
                        + " folder of this archive held the cache's path", sums.get("jvmCacheLinkHeld")));
            }
            if (sums.get("jvmCacheNoLink") > 0) {
                line.append(String.format(Locale.ROOT, "; %d used fanload's loader: their node could not make the cache's"
                        + " path %s (its folder, the pilot's --local-dir, missing or not writable there)",
                        sums.get("jvmCacheNoLink"), report.get("jvmCacheLink")));
            }
            if (sums.get("jvmCacheRefused") > 0) {
                line.append(String.format(Locale.ROOT, "; %d ranks' JVMs refused it (their node's CPU or JDK differs"
                        + " from the pilot's)", sums.get("jvmCacheRefused")));
            }
            settings.say(line.toString());
        }
        if (sums.get("misses") > 0) {
            StringBuilder names = new StringBuilder();
            sums.mostMissed().forEach((name, count) -> names.append(names.length() == 0 ? "" : ", ")
                    .append(name).append(" (").append(count).append(count == 1 ? " rank)" : " ranks)"));
            long absent = sums.get("missesAbsent");
            // A path is a library the application mapped by its own path (System.load), which stays
            // where it is however the pilot ran.
            boolean byPath = sums.mostMissed().keySet().stream().anyMatch(name -> name.startsWith("/"));
            settings.say("most missed: " + names + (absent == sums.get("misses")
                    ? "; every miss was a probe for a name that exists nowhere, answered on the node"
                    : "; " + (sums.get("misses") - absent) + " found something: " + (byPath
                    ? "a library the application maps by its own path (System.load) is loaded from there, which no"
                    + " cache can redirect; other names become hits when the pilot's command loads them"
                    : "a pilot whose command loads those makes them hits")));
        }
    }

    /**
     * Why nodes did not serve, each reason once with its nodes (the first three named): the whole
     * job's view, where ranks say theirs once per node and the coordinator a line per node as it goes.
     */
    static List<String> fallbackReasons(DistributionResult result) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (DistributionResult.NodeReport node : result.nodes()) {
            if (node.status() != DistributionResult.Status.READY) {
                String why = node.detail() == null || node.detail().isBlank()
                        ? node.status().name().toLowerCase(Locale.ROOT) : node.detail().strip();
                byReason.computeIfAbsent(why, k -> new ArrayList<>()).add(node.nodeId());
            }
        }
        List<String> lines = new ArrayList<>();
        byReason.forEach((why, nodes) -> lines.add(String.format(Locale.ROOT, "%d %s loaded the normal way (%s%s): %s",
                nodes.size(), nodes.size() == 1 ? "node's ranks" : "nodes' ranks",
                String.join(", ", nodes.subList(0, Math.min(3, nodes.size()))), nodes.size() > 3 ? ", ..." : "", why)));
        if (result.missingNodes() > 0) {
            lines.add(String.format(Locale.ROOT, "%d %s never joined: %s ranks loaded the normal way", result.missingNodes(),
                    result.missingNodes() == 1 ? "node" : "nodes", result.missingNodes() == 1 ? "its" : "their"));
        }
        return lines;
    }
}
