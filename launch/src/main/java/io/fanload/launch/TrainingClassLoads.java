package io.fanload.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The classes a JVM cache's training run loaded from the class path: the JVM logs its class loads
 * (one file per process: the JDK 25 AOT cache is assembled by a second JVM) into the pilot's local
 * folder. When the JDK puts a class into the cache it verifies it, loading the classes its methods
 * are checked against; a class the pilot's ranks loaded but never linked brings classes they never
 * loaded, and a rank started with the cache loads those again to check the cached class. Listed
 * beside the cache ({@code jvmcache.classes}), they are no misses.
 */
final class TrainingClassLoads {

    private final Path folder;
    private final String prefix;

    /** Logs named {@code prefix<pid>} in {@code folder}. */
    TrainingClassLoads(Path folder, String prefix) {
        this.folder = folder;
        this.prefix = prefix;
    }

    /** The training run's JVM option that writes the logs (undecorated: {@code a.b.C source: file:/...}). */
    String option() {
        return "-Xlog:class+load=info:file=" + folder.resolve(prefix) + "%p:none";
    }

    /**
     * The binary names of the classes the logs show loaded from under one of {@code roots} (the
     * training's node folder: the JVM names it by the link's target or by the link) that are not in
     * {@code pilotClasses}, sorted, separated by spaces; empty when there are none.
     */
    String beyond(Set<String> pilotClasses, List<Path> roots) throws IOException {
        List<String> sources = roots.stream().map(r -> " source: file:" + r.toAbsolutePath().normalize() + "/").toList();
        Set<String> extra = new TreeSet<>();
        for (Path log : logs()) {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                int at = sources.stream().mapToInt(line::indexOf).filter(i -> i > 0).findFirst().orElse(-1);
                if (at > 0) {
                    String name = line.substring(0, at);
                    if (!pilotClasses.contains(name)) {
                        extra.add(name);
                    }
                }
            }
        }
        return String.join(" ", extra);
    }

    /** Removes the logs. */
    void remove() throws IOException {
        for (Path log : logs()) {
            Files.deleteIfExists(log);
        }
    }

    private List<Path> logs() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
