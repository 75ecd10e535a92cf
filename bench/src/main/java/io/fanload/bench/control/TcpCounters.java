package io.fanload.bench.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's TCP counters that tell why a storm is slow (machine-wide, /proc/net/netstat):
 * connections dropped because a listener's accept queue was full, and SYNs sent again (a dropped
 * SYN is retried after 1 s, then 3 s, 7 s: a storm that overflows the queue takes seconds).
 */
public record TcpCounters(long listenOverflows, long listenDrops, long synRetransmits) {

    public static TcpCounters now() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                if (lines.get(i).startsWith("TcpExt:")) {
                    List<String> names = List.of(lines.get(i).split(" "));
                    String[] values = lines.get(i + 1).split(" ");
                    return new TcpCounters(value(names, values, "ListenOverflows"), value(names, values, "ListenDrops"),
                            value(names, values, "TCPSynRetrans"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or another layout: the counters are a diagnosis, not a figure
        }
        return new TcpCounters(-1, -1, -1);
    }

    private static long value(List<String> names, String[] values, String name) {
        int i = names.indexOf(name);
        return i < 0 ? -1 : Long.parseLong(values[i]);
    }

    public TcpCounters since(TcpCounters earlier) {
        return new TcpCounters(listenOverflows - earlier.listenOverflows, listenDrops - earlier.listenDrops,
                synRetransmits - earlier.synRetransmits);
    }
}
