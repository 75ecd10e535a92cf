package io.fanload.hooks.natives;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared objects mapped into this process, from {@code /proc/self/maps}: the only way to see
 * {@code System.load(path)} and DT_NEEDED dependencies, which never pass through a class loader.
 * Left out: the JDK's own ({@code java.home}), the operating system's ({@code /lib}, {@code /usr/lib}
 * and their 64-bit twins — node-local on every machine), files deleted since they were mapped, and
 * files written after this JVM started: the copies that snappy-java, lz4-java, JNA or sqlite-jdbc
 * extract from their own jars under a random name (into java.io.tmpdir, or JNA's
 * {@code ~/.cache/JNA}); they are recorded as the resources they came from. (Leaving out all of
 * java.io.tmpdir instead would also drop an application kept under /tmp.)
 */
public final class MappedLibraries {

    private static final List<String> SYSTEM_DIRS = List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/");

    private MappedLibraries() {
    }

    /**
     * The shared objects in {@code maps} outside {@code excludedDirs} and the system folders, whose
     * file was last modified before {@code startedMillis}.
     */
    public static List<String> read(Path maps, List<String> excludedDirs, long startedMillis) throws IOException {
        byte[] bytes;
        try (InputStream in = new FileInputStream(maps.toFile())) {
            bytes = in.readAllBytes();
        }
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), excludedDirs, startedMillis);
    }

    /**
     * The kept libraries of a maps text whose characters are its bytes (ISO-8859-1). Runs at every
     * pilot rank's exit, so it touches only the lines that name a {@code .so}: a JVM maps ~560
     * lines, ~100 of them shared objects. {@code Files.readAllLines} decoded and split all of them
     * and loaded ~30 NIO channel and charset classes: 8 ms of a 30 ms exit (H2, JDK 17).
     */
    static List<String> parse(String maps, List<String> excludedDirs, long startedMillis) {
        Set<String> found = new LinkedHashSet<>();
        String previous = null;
        int at = 0;
        while ((at = maps.indexOf(".so", at)) >= 0) {
            int start = maps.lastIndexOf('\n', at) + 1;
            int end = maps.indexOf('\n', at);
            at = end < 0 ? maps.length() : end;
            String path = pathOf(maps.substring(start, at));
            if (path == null || path.equals(previous)) {
                continue; // a library is mapped as several consecutive segments
            }
            previous = path;
            // the kernel prints a path's bytes as they are: UTF-8 on any sane system
            path = new String(path.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            if (isSharedObject(path) && !under(path, excludedDirs) && !under(path, SYSTEM_DIRS)
                    && new File(path).lastModified() < startedMillis) {
                found.add(path);
            }
        }
        return new ArrayList<>(found);
    }

    /**
     * This process's libraries, leaving out java.home and what was written after
     * {@code startedMillis} — the time the loader started, before any application code ran. (Not
     * the process start time: Linux derives it from a boot time in whole seconds, which put a
     * library built just before the JVM started on the wrong side.) A node whose clock runs ahead
     * of the file server's by more than the JVM's start-up time would misjudge an extracted copy.
     */
    public static List<String> ofThisProcess(long startedMillis) throws IOException {
        return read(Path.of("/proc/self/maps"), excluded(List.of()), startedMillis);
    }

    /**
     * A serving rank's libraries from elsewhere than java.home, the system's folders and
     * {@code folders} (the node's): what a {@code System.load(path)} mapped from where it was, which
     * no class loader sees.
     */
    public static List<String> ofThisProcessOutside(List<Path> folders) throws IOException {
        return read(Path.of("/proc/self/maps"), excluded(folders), Long.MAX_VALUE);
    }

    /** java.home and {@code folders}, each as given and as its real path, as folder prefixes. */
    private static List<String> excluded(List<Path> folders) {
        List<Path> all = new ArrayList<>(folders);
        String home = System.getProperty("java.home");
        if (home != null) {
            all.add(Path.of(home));
        }
        List<String> excluded = new ArrayList<>();
        for (Path folder : all) {
            excluded.add(dir(folder.toString()));
            try {
                excluded.add(dir(folder.toRealPath().toString()));
            } catch (IOException | RuntimeException e) {
                // the plain path above still applies
            }
        }
        return excluded;
    }

    private static String dir(String path) {
        return path == null ? "\0" : path.endsWith("/") ? path : path.concat("/");
    }

    /**
     * The path column of a maps line (the sixth field, which may contain spaces), or null. The
     * first five fields (range, permissions, offset, device, inode) hold no '/', so the path starts
     * at the first " /": one indexOf instead of a per-character walk over the fields, which a
     * pilot's exit ran interpreted (~3 ms for ~100 lines, JDK 17).
     */
    static String pathOf(String line) {
        int space = line.indexOf(" /");
        if (space < 0 || line.endsWith(" (deleted)")) {
            return null;
        }
        return line.substring(space + 1);
    }

    static boolean isSharedObject(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".so") || name.contains(".so.");
    }

    private static boolean under(String path, List<String> dirs) {
        for (String dir : dirs) {
            if (path.startsWith(dir)) {
                return true;
            }
        }
        return false;
    }
}
