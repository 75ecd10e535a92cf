package io.fanload.bench.tree;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bench/scripts/tree-netns.sh refuses a broken {@code --stagger} or {@code --chunks-kib} with one
 * line and status 2 before it creates anything (no work folder, no namespace), whether or not it
 * runs as root.
 */
class TreeNetnsOptionsTest {

    private static final Path SCRIPT = Path.of("scripts/tree-netns.sh");

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "0.5x", ""})
    void aBrokenStaggerIsOneLineAndStatusTwo(String value) throws Exception {
        List<String> args = new ArrayList<>(List.of("--nodes", "4", "--stagger"));
        if (!value.isEmpty()) {
            args.add(value);
        }
        assertRefused(args, "tree-netns.sh: --stagger takes seconds (e.g. 0.7), not '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-256", "1024k", "Auto"})
    void aBrokenChunkSizeIsOneLineAndStatusTwo(String value) throws Exception {
        assertRefused(List.of("--nodes", "4", "--chunks-kib", "256 " + value),
                "tree-netns.sh: --chunks-kib takes KiB or auto (e.g. \"256 1024 auto\"), not '" + value + "'");
    }

    /** The script run with {@code args} prints only {@code line} on stderr, exits 2 and leaves no work folder. */
    private static void assertRefused(List<String> args, String line) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        List<Path> before = workFolders();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), err);
        assertEquals(List.of(line), err.lines().toList());
        assertEquals(before, workFolders(), "no work folder left behind");
    }

    /** The script's mktemp folders, /tmp/fltree.*. */
    private static List<Path> workFolders() throws IOException {
        try (Stream<Path> all = Files.list(Path.of("/tmp"))) {
            return all.filter(p -> p.getFileName().toString().startsWith("fltree.")).sorted().toList();
        }
    }
}
