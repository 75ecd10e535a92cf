package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.agent.AgentConfig;
import io.fanload.server.agent.AgentOutcome;
import io.fanload.server.agent.NodeAgent;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.Coordinator;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.launch.RankCommands.Rank;
import io.fanload.launch.cli.ExitCodes;
import io.fanload.writer.tools.Sizes;
import io.fanload.writer.tools.SourceStaleness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * {@code launch --read-cache} with the local launcher: launch is the coordinator; each simulated
 * node has its own agent (in this process) and node-local folder; the tree moves the archive over
 * loopback; a node's ranks start as soon as its image is ready, serving from it, or the normal way
 * if the node fell back (under {@code --strict}, a fallback stops the job instead).
 */
final class ReadCacheRun {

    /** Beyond the give-up time, how long launch waits for an agent's answer before it stops waiting. */
    private static final long READY_MARGIN_SECONDS = 60;

    /** The local launcher's simulated nodes talk over loopback only. */
    private static final String LOOPBACK = "127.0.0.1";

    private final LaunchSettings settings;
    private final LaunchReport report;
    private final String job = "local-" + ProcessHandle.current().pid();

    private ReadCacheRun(LaunchSettings settings, LaunchReport report) {
        this.settings = settings;
        this.report = report;
    }

    static int run(LaunchSettings settings, LaunchReport report) throws IOException, InterruptedException {
        return new ReadCacheRun(settings, report).run();
    }

    /** What launch says, on its output and in the report, before ranks are served (both launchers). */
    static void warnBeforeServing(LaunchSettings settings, LaunchReport report, RankCommands commands) {
        commands.servingWarning().ifPresent(warning -> warn(settings, report, warning));
    }

    /** One warning, the same on launch's output and in the report's warnings. */
    static void warn(LaunchSettings settings, LaunchReport report, String warning) {
        settings.warn(warning);
        report.warn(warning);
    }

    private int run() throws IOException, InterruptedException {
        Path cache = settings.cache();
        ArchiveIdentity identity = ArchiveIdentity.read(cache);
        report.put("archiveBytes", identity.totalSize());
        report.put("archiveSha256", identity.sha256Hex());
        boolean serve = checkStaleness(settings, report);
        RankCommands commands = RankCommands.of(settings);
        if (serve) {
            warnBeforeServing(settings, report, commands);
        }
        RankPlacement placement = new RankPlacement(settings.ranks(), settings.nodes());
        Path counters = createPrivateDir(settings.localDir().resolve("fanload-" + job + "-0-counters"));
        try (ShutdownCleanup cleanup = new ShutdownCleanup(); RankProcesses ranks = new RankProcesses(cleanup)) {
            cleanup.add(() -> deleteTree(counters));
            if (!serve) {
                for (int node = 0; node < settings.nodes(); node++) {
                    startPlain(ranks, commands, placement, node);
                }
                report.put("fallbackRanks", settings.ranks());
                return finish(ranks.waitAll(), counters, placement, null, identity.totalSize());
            }
            return distributeAndRun(identity, commands, placement, ranks, counters, cleanup);
        }
    }

    /** One stat per source, by launch alone; returns whether ranks may serve from the archive. */
    static boolean checkStaleness(LaunchSettings settings, LaunchReport report) throws IOException {
        Path cache = settings.cache();
        List<String> stale;
        try (ArchiveReader reader = ArchiveReader.open(cache)) {
            stale = SourceStaleness.check(reader, SourceStaleness.Depth.STAT);
        }
        if (stale.isEmpty()) {
            return true;
        }
        String what = stale.get(0) + (stale.size() > 1 ? " (and " + (stale.size() - 1) + " more)" : "");
        report.put("staleSources", stale);
        switch (settings.stale()) {
            case REFUSE:
                throw new ArchiveException(cache + ": stale cache: " + what + "; run the pilot again");
            case SERVE:
                settings.warn("stale cache, serving the recorded bytes (--stale=serve): " + what);
                report.warn("stale cache served: " + what);
                return true;
            default:
                settings.warn("stale cache, every rank loads the normal way: " + what + "; run the pilot again");
                report.warn("stale cache, fallback: " + what);
                return false;
        }
    }

    private int distributeAndRun(ArchiveIdentity identity, RankCommands commands, RankPlacement placement,
                                 RankProcesses ranks, Path counters, ShutdownCleanup cleanup)
            throws IOException, InterruptedException {
        Secret secret = Secret.generate();
        CoordinatorConfig config = new CoordinatorConfig().secret(secret)
                .source(settings.cache(), TransferSpec.ofArchive(settings.cache()))
                .expectedNodes(settings.nodes()).shape(settings.shape())
                .giveUp(settings.times().giveUp()).stallTimeout(settings.times().stall());
        List<NodeAgent> agents = new ArrayList<>();
        // However the run ends, the agents leave and remove their node-local folders.
        cleanup.add(() -> closeAgents(agents));
        settings.say(String.format(Locale.ROOT, "read-cache: %d ranks on %d node(s), archive %s (%s), %s tree",
                settings.ranks(), settings.nodes(), settings.cache(), Sizes.bytes(identity.totalSize()), shapeName()));
        try (Coordinator coordinator = Coordinator.start(config);
             Progress progress = Progress.start(coordinator, settings, identity.totalSize())) {
            for (int node = 0; node < settings.nodes(); node++) {
                NodeAgent agent = NodeAgent.start(new AgentConfig().nodeId("node" + node).coordinator(coordinator.address())
                        .secret(secret).advertiseHost(LOOPBACK).bindHost(LOOPBACK).preparer(NodeLocalHooks.preparer())
                        .localDir(settings.localDir().resolve("fanload-" + job + "-0-node" + node)));
                synchronized (agents) {
                    agents.add(agent);
                }
            }
            String failure = startNodesAsReady(agents, commands, placement, ranks, counters);
            if (failure != null) {
                ranks.close();
                throw new ArchiveException(failure);
            }
            int status = ranks.waitAll();
            DistributionResult result = coordinator.snapshot();
            return finish(status, counters, placement, result, identity.totalSize());
        }
    }

    /** Each agent leaves and removes its node-local folder (a no-op for one the step's end already stopped). */
    private static void closeAgents(List<NodeAgent> agents) {
        synchronized (agents) {
            for (NodeAgent agent : agents) {
                agent.close();
            }
            agents.clear();
        }
    }

    /** Starts each node's ranks when its agent reports; returns a --strict failure line, or null. */
    private String startNodesAsReady(List<NodeAgent> agents, RankCommands commands, RankPlacement placement,
                                     RankProcesses ranks, Path counters) throws IOException, InterruptedException {
        List<Integer> waiting = new ArrayList<>();
        for (int node = 0; node < agents.size(); node++) {
            waiting.add(node);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                settings.times().giveUp().toSeconds() + READY_MARGIN_SECONDS);
        int fallbackRanks = 0;
        while (!waiting.isEmpty()) {
            CompletableFuture<?>[] futures = waiting.stream().map(n -> agents.get(n).ready()).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.anyOf(futures).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return "nodes " + waiting + " got no answer from their agents in time";
            } catch (ExecutionException e) {
                // an agent failed outright: its future holds the error, handled below
            }
            for (Integer node : List.copyOf(waiting)) {
                CompletableFuture<AgentOutcome> ready = agents.get(node).ready();
                if (!ready.isDone()) {
                    continue;
                }
                waiting.remove(node);
                AgentOutcome outcome = outcomeOf(ready);
                if (outcome.ready()) {
                    startServing(ranks, commands, placement, node, agents.get(node).layout(), counters);
                } else if (settings.strict()) {
                    return "node" + node + " could not get the archive (" + outcome.reason()
                            + "); --strict: stopping instead of loading the normal way";
                } else {
                    settings.warn("node" + node + " loads the normal way: " + outcome.reason());
                    report.warn("node" + node + " fallback: " + outcome.reason());
                    fallbackRanks += startPlain(ranks, commands, placement, node);
                }
            }
        }
        report.put("fallbackRanks", fallbackRanks);
        return null;
    }

    private static AgentOutcome outcomeOf(CompletableFuture<AgentOutcome> ready) {
        try {
            return ready.getNow(null);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new AgentOutcome(AgentOutcome.Status.FALLBACK, "agent failed: " + cause.getMessage(), 0, 0, "");
        }
    }

    private void startServing(RankProcesses ranks, RankCommands commands, RankPlacement placement, int node,
                              NodeImageLayout layout, Path counters) throws IOException {
        Path hooks = NodeLocalHooks.location(layout);
        for (RankPlacement.Rank r : placement.ranksOf(node)) {
            Rank rank = new Rank(r.rank(), node, "node" + node, r.localRank());
            ranks.start(r.rank(), commands.serve(rank, layout, hooks, counterFile(counters, r.rank()), settings.strict()),
                    commands.environment(rank, layout));
        }
    }

    private int startPlain(RankProcesses ranks, RankCommands commands, RankPlacement placement, int node) throws IOException {
        List<RankPlacement.Rank> onNode = placement.ranksOf(node);
        for (RankPlacement.Rank r : onNode) {
            Rank rank = new Rank(r.rank(), node, "node" + node, r.localRank());
            ranks.start(r.rank(), commands.plain(), commands.environment(rank, null));
        }
        return onNode.size();
    }

    private int finish(int status, Path counters, RankPlacement placement, DistributionResult result, long archiveBytes)
            throws IOException {
        CounterSums sums = CounterSums.read(counters, placement.ranks());
        report.counters(sums);
        report.put("exitCode", status);
        if (result != null) {
            report.distribution(result);
        }
        Summary.say(settings, report, placement.ranks(), placement.nodes(), status, result, archiveBytes, sums);
        return status == 0 ? ExitCodes.OK : status;
    }

    private static Path counterFile(Path counters, int rank) {
        return CounterSums.file(counters, rank);
    }

    private String shapeName() {
        int k = settings.shape().fanout();
        return k == 1 ? "chain" : k == 2 ? "binary" : k + "-ary";
    }

    static Path createPrivateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: nothing to tighten
        }
        return dir;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
