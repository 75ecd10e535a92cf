package io.fanload.hooks.serve;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one serving rank answered from the image and what it missed. Written at exit as a small
 * properties file for the launcher's report; the key names are those of launch's
 * {@code --report} (DESIGN section 5), so the launcher sums them over ranks as they are.
 */
final class RankCounters {

    /** At most this many distinct missed names are kept for the report; the count is always exact. */
    static final int MISSED_NAMES_KEPT = 20;

    final AtomicLong classes = new AtomicLong();
    final AtomicLong resources = new AtomicLong();
    final AtomicLong natives = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong misses = new AtomicLong();
    /** Misses that found nothing anywhere (probes for names no element has): answered absent. */
    final AtomicLong missesAbsent = new AtomicLong();
    /** Loads that went to an original class-path or library path on the shared file system. */
    final AtomicLong sharedFsLoads = new AtomicLong();
    /** Whether this rank's JVM is the node's copy of the runtime (launch --runtime): 1, else 0. */
    volatile int runtimeRanks;
    private final List<String> missed = new ArrayList<>();
    private volatile String fallbackReason;

    void miss(String name) {
        misses.incrementAndGet();
        synchronized (missed) {
            // distinct names: a library asks for one name through several loaders
            if (missed.size() < MISSED_NAMES_KEPT && !missed.contains(name)) {
                missed.add(name);
            }
        }
    }

    /** The whole rank loads from the class path, e.g. because the image could not be opened. */
    void fallback(String reason) {
        fallbackReason = reason;
    }

    List<String> missedNames() {
        synchronized (missed) {
            return List.copyOf(missed);
        }
    }

    String text(int rank) {
        StringBuilder out = new StringBuilder();
        out.append("rank=").append(rank).append('\n');
        out.append("classesFromCache=").append(classes.get()).append('\n');
        out.append("resourcesFromCache=").append(resources.get()).append('\n');
        out.append("nativesFromCache=").append(natives.get()).append('\n');
        out.append("bytesFromCache=").append(bytes.get()).append('\n');
        out.append("misses=").append(misses.get()).append('\n');
        out.append("missesAbsent=").append(missesAbsent.get()).append('\n');
        out.append("sharedFsLoads=").append(sharedFsLoads.get()).append('\n');
        out.append("runtimeRanks=").append(runtimeRanks).append('\n');
        out.append("fallback=").append(fallbackReason == null ? "false" : "true").append('\n');
        if (fallbackReason != null) {
            out.append("fallbackReason=").append(escape(fallbackReason)).append('\n');
        }
        List<String> names = missedNames();
        for (int i = 0; i < names.size(); i++) {
            out.append("missed.").append(i).append('=').append(escape(names.get(i))).append('\n');
        }
        return out.toString();
    }

    /**
     * Writes the counters to {@code file} through a temporary file, so a reader never sees half.
     * The file is the rank's own, so the temporary name needs no process id (ProcessHandle costs
     * 11-23 ms at first use on JDK 17 and 25: a lambda bootstrap and a thread pool).
     */
    void write(Path file, int rank) throws IOException {
        if (Files.exists(file)) {
            addEarlier(file);
        }
        Path temp = file.resolveSibling(file.getFileName().toString().concat(".tmp"));
        try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write(text(rank));
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Adds the counters of another JVM of this rank that ended first: one the rank's JVM started with
     * its own options ({@code -Dfanload.counters} included), as JMH starts its forks. Replacing them
     * hid everything the fork loaded, misses too. Its fallback, if any, is its own: not added.
     */
    private void addEarlier(Path file) throws IOException {
        Properties earlier = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            earlier.load(in);
        }
        add(classes, earlier, "classesFromCache");
        add(resources, earlier, "resourcesFromCache");
        add(natives, earlier, "nativesFromCache");
        add(bytes, earlier, "bytesFromCache");
        add(misses, earlier, "misses");
        add(missesAbsent, earlier, "missesAbsent");
        add(sharedFsLoads, earlier, "sharedFsLoads");
        synchronized (missed) {
            for (int i = 0; i < MISSED_NAMES_KEPT; i++) {
                String name = earlier.getProperty("missed." + i);
                if (name != null && missed.size() < MISSED_NAMES_KEPT && !missed.contains(name)) {
                    missed.add(name);
                }
            }
        }
    }

    private static void add(AtomicLong counter, Properties earlier, String key) {
        try {
            counter.addAndGet(Long.parseLong(earlier.getProperty(key, "0").trim()));
        } catch (NumberFormatException e) {
            // not a count this JVM wrote: left out
        }
    }

    /** java.util.Properties escaping for the few characters a name may carry. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '=': out.append("\\="); break;
                case ':': out.append("\\:"); break;
                default:
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
