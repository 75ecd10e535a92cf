package io.fanload.bench.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One run's figures: the storm (times until the last agent was authenticated, registered, placed),
 * the coordinator's CPU and memory at each stage, the re-parenting check, and the machine's load
 * average; printed as a summary and kept as one row of bench/results/control-plane.tsv.
 */
record ControlPlaneRow(ControlPlaneBench.Settings settings, ProcessMeter base, ProcessMeter before,
                       ProcessMeter placed, ProcessMeter placedLive, ProcessMeter end, TcpCounters storm,
                       List<AgentRecord> agents,
                       double resultSeconds, Replacement replacement) {

    static final String HEADER = String.join("\t", "date", "load1", "agents", "jvms", "loops", "lostPercent",
            "activeMaxMs", "authMaxMs", "registeredMaxMs", "placedP50Ms", "placedP99Ms", "placedMaxMs", "listenOverflows",
            "synRetransmits", "readyMaxMs",
            "stormCpuS", "stormLoopCpuS", "stormLoopUserS", "totalCpuS", "totalLoopCpuS", "heapBaseMiB", "heapPlacedMiB", "rssBaseMiB",
            "rssPlacedMiB", "peakRssMiB", "fdsPlaced", "threadsPlaced", "lost", "orphans", "reparentsToDead", "ready",
            "resultS", "ok");

    double max(ToDoubleFunction<AgentRecord> f) {
        return agents.stream().mapToDouble(f).max().orElse(-1);
    }

    double percentile(ToDoubleFunction<AgentRecord> f, double p) {
        double[] v = agents.stream().mapToDouble(f).filter(x -> x >= 0).sorted().toArray();
        return v.length == 0 ? -1 : v[Math.min(v.length - 1, (int) Math.ceil(p * v.length) - 1)];
    }

    private static double mib(long bytes) {
        return bytes / 1048576.0;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private Object[] values() {
        return new Object[] {LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), loadAverage(),
                settings.agents(), settings.jvms(), settings.loops(), settings.lost().percent(),
                max(AgentRecord::activeMs), max(AgentRecord::authMs), max(AgentRecord::registeredMs),
                percentile(AgentRecord::placedMs, 0.5), percentile(AgentRecord::placedMs, 0.99), max(AgentRecord::placedMs),
                storm.listenOverflows(), storm.synRetransmits(),
                max(AgentRecord::readyMs), placed.processCpuSeconds() - before.processCpuSeconds(),
                placed.loopCpuSeconds() - before.loopCpuSeconds(), placed.loopUserSeconds() - before.loopUserSeconds(),
                end.processCpuSeconds() - before.processCpuSeconds(),
                end.loopCpuSeconds() - before.loopCpuSeconds(), mib(base.heapBytes()), mib(placedLive.heapBytes()),
                mib(base.rssBytes()), mib(placed.rssBytes()), mib(end.peakRssBytes()), placed.descriptors(),
                placed.threads(), replacement.lost(), replacement.orphans(), replacement.reparentsToDead(),
                replacement.ready(), resultSeconds, replacement.ok()};
    }

    String tsv() {
        return String.join("\t", Arrays.stream(values()).map(ControlPlaneRow::cell).toList());
    }

    private static String cell(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
    }

    void append(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.writeString(file, HEADER + "\n", StandardCharsets.UTF_8);
        }
        Files.writeString(file, tsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    String summary() {
        String[] names = HEADER.split("\t");
        String[] cells = tsv().split("\t");
        StringBuilder b = new StringBuilder("control plane:");
        for (int i = 0; i < names.length; i++) {
            b.append(i % 6 == 0 ? "\n  " : "  ").append(names[i]).append('=').append(cells[i]);
        }
        for (String p : replacement.problems().subList(0, Math.min(20, replacement.problems().size()))) {
            b.append("\n  PROBLEM: ").append(p);
        }
        return b.toString();
    }
}
