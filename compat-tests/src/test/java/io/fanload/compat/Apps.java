package io.fanload.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The applications' jars as the build copied them from Maven Central into target/apps (never on
 * the test class path), and copies of them in a test's shared folder, where the runs use them.
 */
final class Apps {

    static final Path DIR = Path.of(System.getProperty("fanload.apps.dir", "target/apps"));

    private Apps() {
    }

    /** The one jar of target/apps whose file name starts with {@code prefix}. */
    static Path jar(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> matches = files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".jar"))
                    .toList();
            if (matches.size() != 1) {
                throw new IllegalStateException("expected one " + prefix + "*.jar in " + DIR + " (mvn generate-test-resources), found " + matches);
            }
            return matches.get(0);
        }
    }

    /** Copies the jars named by their prefixes into {@code folder}, in order: a class path. */
    static List<Path> copy(Path folder, String... prefixes) throws IOException {
        Files.createDirectories(folder);
        List<Path> copies = new ArrayList<>();
        for (String prefix : prefixes) {
            Path jar = jar(prefix);
            copies.add(Files.copy(jar, folder.resolve(jar.getFileName())));
        }
        return copies;
    }

    /** Every jar of a sub-folder of target/apps (a resolved dependency set), in name order. */
    static List<Path> folder(String name) throws IOException {
        try (Stream<Path> files = Files.list(DIR.resolve(name))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
