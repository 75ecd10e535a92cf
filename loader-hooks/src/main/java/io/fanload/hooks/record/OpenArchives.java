package io.fanload.hooks.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jars and zips this process holds open for reading, from {@code /proc/self/fd}: archives the
 * application opened itself, not through the system class loader — the {@code URLClassLoader} over
 * {@code <home>/lib/*.jar} that Ant's, Tomcat's or JMeter's launcher builds from its own jar's
 * location. The JDK keeps such jars open until the loader is closed, so they are still open at exit.
 * Left out: the JDK's own files, the class path itself (recorded as origins), and anything open for
 * writing.
 */
final class OpenArchives {

    private OpenArchives() {
    }

    /** Open read-only {@code .jar} and {@code .zip} files of this process outside {@code excluded} paths. */
    static List<String> ofThisProcess(Set<String> excluded) throws IOException {
        return read(Path.of("/proc/self"), excluded);
    }

    static List<String> read(Path proc, Set<String> excluded) throws IOException {
        String javaHome = Path.of(System.getProperty("java.home")).toString().concat("/");
        Set<String> found = new TreeSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                String lower = target.toLowerCase(Locale.ROOT);
                if ((lower.endsWith(".jar") || lower.endsWith(".zip")) && target.startsWith("/")
                        && !target.startsWith(javaHome) && !excluded.contains(target)
                        && readOnly(proc.resolve("fdinfo").resolve(fd.getFileName()))) {
                    found.add(target);
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The access mode in {@code fdinfo}'s octal {@code flags}: O_RDONLY is 0. */
    private static boolean readOnly(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring(6).trim(), 8) & 3) == 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: leave it out
        }
        return false;
    }
}
