package io.fanload.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strace -f} over a served run: every call that names a path (open, stat, readlink,
 * access in all their variants) is logged, and none may name a path under the original folders.
 */
final class Strace {

    static final String CALLS = "open,openat,openat2,stat,lstat,newfstatat,statx,readlink,readlinkat,access,faccessat,faccessat2";

    private Strace() {
    }

    /** True if strace runs here; {@code -Dfanload.compat.strace=false} tests the fallback check instead. */
    static boolean available() {
        if ("false".equals(System.getProperty("fanload.compat.strace"))) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder("strace", "-f", "-qq", "-o", "/dev/null", "-e", "trace=" + CALLS, "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<String> prefix(Path log) {
        return List.of("strace", "-f", "-qq", "-o", log.toString(), "-e", "trace=" + CALLS);
    }

    /** Lines of the log that name a path under {@code folder}. */
    static List<String> touching(Path log, Path folder) throws IOException {
        String needle = "\"" + folder.toAbsolutePath();
        List<String> hits = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.contains(needle)) {
                hits.add(line);
            }
        }
        return hits;
    }
}
