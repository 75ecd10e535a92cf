package io.fanload.hooks.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The shared objects mapped into this process, from {@code /proc/self/maps}: the only way to see
 * {@code System.load(path)} and DT_NEEDED dependencies, which never pass through a class loader.
 * Left out: the JDK's own ({@code java.home}), the operating system's ({@code /lib}, {@code /usr/lib}
 * and their 64-bit twins — node-local on every machine), libraries that extracted themselves into
 * java.io.tmpdir under a random name (they are recorded as the resources they came from), and
 * files deleted since they were mapped.
 */
public final class MappedLibraries {

    private static final List<String> SYSTEM_DIRS = List.of("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/");

    private MappedLibraries() {
    }

    public static List<String> read(Path maps, List<String> excludedDirs) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        for (String line : Files.readAllLines(maps)) {
            String path = pathOf(line);
            if (path != null && isSharedObject(path) && !under(path, excludedDirs) && !under(path, SYSTEM_DIRS)) {
                found.add(path);
            }
        }
        return new ArrayList<>(found);
    }

    /** This process's libraries, leaving out java.home and java.io.tmpdir. */
    public static List<String> ofThisProcess() throws IOException {
        List<String> excluded = new ArrayList<>();
        excluded.add(dir(System.getProperty("java.home")));
        excluded.add(dir(System.getProperty("java.io.tmpdir")));
        try {
            excluded.add(dir(Path.of(System.getProperty("java.home")).toRealPath().toString()));
            excluded.add(dir(Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString()));
        } catch (IOException | RuntimeException e) {
            // the plain paths above still apply
        }
        return read(Path.of("/proc/self/maps"), excluded);
    }

    private static String dir(String path) {
        return path == null ? "\0" : path.endsWith("/") ? path : path + "/";
    }

    /** The path column of a maps line (the sixth field, which may contain spaces), or null. */
    static String pathOf(String line) {
        int field = 0;
        int i = 0;
        while (i < line.length() && field < 5) {
            while (i < line.length() && line.charAt(i) != ' ') {
                i++;
            }
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            field++;
        }
        if (i >= line.length() || line.charAt(i) != '/' || line.endsWith(" (deleted)")) {
            return null;
        }
        return line.substring(i);
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
