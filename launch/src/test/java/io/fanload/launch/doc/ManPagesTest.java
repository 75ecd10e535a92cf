package io.fanload.launch.doc;

import io.fanload.launch.LaunchCommand;
import io.fanload.launch.cli.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The man pages the release ships: every option of --help, its sections, and man(1) renders them. */
class ManPagesTest {

    @TempDir
    Path dir;

    @Test
    void everyOptionAndSectionOfTheHelpIsInTheManPage() throws Exception {
        ManPages.main(new String[] {dir.toString()});
        String page = Files.readString(dir.resolve("launch.1"));
        PrintWriter sink = new PrintWriter(new StringWriter());
        CommandLine launch = LaunchCommand.commandLine(sink, sink, Map.of(), dir);
        for (CommandLine.Model.OptionSpec option : launch.getCommandSpec().options()) {
            assertTrue(page.contains("\\fB" + ManPages.escape(option.longestName()) + "\\fR"), option.longestName());
        }
        for (String section : new String[] {".SS Modes (one of)", ".SS Job shape", ".SS Pilot", ".SS Tree and network",
                ".SS JVM", ".SS Output", ".SH EXIT STATUS", ".SH ENVIRONMENT", ".TP\n.B 79\n"}) {
            assertTrue(page.contains(section), section);
        }
        assertTrue(page.startsWith(".TH LAUNCH 1 \"\" \"" + ManPages.escape(Version.line()) + "\""), page);
        String cache = Files.readString(dir.resolve("fanload-cache.1"));
        assertTrue(cache.contains(".SH COMMAND VERIFY") && cache.contains("\\fB\\-\\-top\\fR"), cache);
    }

    /** groff through man -l: no warnings, and the text reads as --help does (where man is installed). */
    @Test
    void manRendersThePageWithoutWarnings() throws Exception {
        ManPages.main(new String[] {dir.toString()});
        Path man = Path.of("/usr/bin/man");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(man), "man is not installed");
        Process process = new ProcessBuilder(man.toString(), "--warnings", "-l", dir.resolve("launch.1").toString())
                .redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);
        assertFalse(err.contains("warning"), err);
        assertTrue(out.contains("--read-cache") && out.contains("Tree and network"), out);
    }

    @Test
    void versionNamesTheReleaseAndTheCommit() {
        StringWriter out = new StringWriter();
        PrintWriter sink = new PrintWriter(new StringWriter());
        int code = LaunchCommand.commandLine(new PrintWriter(out, true), sink, Map.of(), dir).execute("--version");
        assertEquals(0, code);
        String first = out.toString().lines().findFirst().orElseThrow();
        assertTrue(first.matches("fanload \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)"), first);
        assertFalse(Version.release().equals("unknown"), "the build filled in the version");
    }
}
