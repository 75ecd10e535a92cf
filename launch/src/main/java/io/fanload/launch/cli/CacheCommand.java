package io.fanload.launch.cli;

import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.build.BuildResult;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.tools.ArchiveDiff;
import io.fanload.writer.tools.ArchiveInspector;
import io.fanload.writer.tools.ArchiveVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fanload-cache}: the archive tools, one subcommand each. */
@Command(name = "fanload-cache", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Build, inspect, verify and compare fanload cache archives.",
        subcommands = {CacheCommand.Write.class, CacheCommand.Inspect.class, CacheCommand.Verify.class,
                CacheCommand.Diff.class, CacheCommand.Image.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:verify: archive not sound; diff: archives differ",
                "64:usage error (a wrong option or argument)",
                "66:an input does not exist or cannot be read (no such archive, pilot folder, ...)",
                "70:internal error in fanload (--debug or FANLOAD_DEBUG=1 shows the stack trace)",
                "75:broken archive, pilot or source (one line on stderr says what)"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  JAVA_HOME, FANLOAD_JAVA  the JDK the command runs on (FANLOAD_JAVA wins; else java on PATH)",
                "  FANLOAD_DEBUG=1          stack traces of failures"})
public final class CacheCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** A command line with the given streams, for the main method and for in-process tests. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new CacheCommand()).setOut(out).setErr(err);
        return ErrorMapper.install(commandLine, "fanload-cache");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(commandLine(out, err).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /**
     * Prints what {@code file} holds (the {@code top} largest entries), then checks the whole
     * archive against its digest (one sequential read). A damaged archive, whether its index cannot
     * be read or a byte changed anywhere, is called damaged on stderr with --verify named (exit 75).
     */
    public static int inspect(String program, Path file, int top, PrintWriter out, PrintWriter err)
            throws IOException {
        if (!Files.exists(file)) {
            throw new MissingInputException("archive", file);
        }
        if (Files.isDirectory(file)) {
            throw new MissingInputException("not an archive: " + file + " is a folder");
        }
        ArchiveInspector.Report report;
        try {
            report = ArchiveInspector.inspect(file);
        } catch (IOException | RuntimeException e) {
            err.printf("%s: %s is damaged: %s; '%s' checks every entry and says what is wrong%n", program, file,
                    e.getMessage() == null ? e : ErrorMapper.withoutFile(e.getMessage(), file), verifyCommand(program, file));
            return ExitCodes.CACHE_FAILURE;
        }
        report.print(out, top);
        if (!ArchiveDigest.matches(file, report.size(), report.sha256())) {
            err.printf("%s: %s is damaged: its bytes do not match its SHA-256 digest; '%s' says which entries%n",
                    program, file, verifyCommand(program, file));
            return ExitCodes.CACHE_FAILURE;
        }
        out.printf("(the digest matches; '%s' also checks every entry and the sources)%n", verifyCommand(program, file));
        return ExitCodes.OK;
    }

    private static String verifyCommand(String program, Path file) {
        return (program.equals("launch") ? "launch --verify " : "fanload-cache verify ") + file;
    }

    /**
     * Verifies {@code file} and says so: one line on {@code out} when sound, else each problem and
     * a closing line on {@code err}. Returns the exit status (also used by {@code launch --verify}).
     */
    public static int verify(Path file, PrintWriter out, PrintWriter err) throws IOException {
        if (!Files.exists(file)) {
            throw new MissingInputException("archive", file);
        }
        if (Files.isDirectory(file)) {
            throw new MissingInputException("not an archive: " + file + " is a folder");
        }
        ArchiveVerifier.Report report = ArchiveVerifier.verify(file);
        if (report.sound()) {
            out.printf("%s: sound (%d entries, %d sources checked)%n", file, report.entriesChecked(), report.sourcesChecked());
            return ExitCodes.OK;
        }
        report.problems().forEach(err::println);
        int problems = report.problems().size();
        err.printf("%s: NOT sound (%d problem%s)%n", file, problems, problems == 1 ? "" : "s");
        return ExitCodes.FAILED;
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Merge a pilot directory's rank records and write the archive (temp file + rename).")
    static final class Write implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--pilot", required = true, paramLabel = "DIR", description = "pilot directory of rank-*.record files")
        Path pilot;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "archive to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            BuildResult result = ArchiveBuilder.build(pilot, out);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("wrote %s: %d bytes, sha256 %s%n", out, result.identity().totalSize(), result.identity().sha256Hex());
            o.printf("%d names (%d absent), %d entries, %d natives; %d bytes raw -> %d stored%n", result.names(),
                    result.absent(), result.entries(), result.natives(), result.rawBytes(), result.storedBytes());
            o.printf("pilot: %d ranks on %d nodes%n", result.pilot().ranks().size(), result.pilot().nodes().size());
            result.pilot().differences().forEach(line -> o.println("  " + line));
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "What the archive holds: largest first, totals by kind and origin, provenance; then "
                    + "its digest (one read of the archive: exit 75 if damaged).")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "FILE")
        Path file;
        @Option(names = "--top", defaultValue = "20", description = "entries to list, largest first (default ${DEFAULT-VALUE})")
        int top;

        @Override
        public Integer call() throws Exception {
            if (top < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--top must not be negative");
            }
            return inspect("fanload-cache", file, top, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every checksum, the digest, and every source file against the files now; exit 0 only if sound.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() throws Exception {
            return verify(file, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Differences between two archives (- only in the first, + only in the second, ~ changed).")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FIRST")
        Path first;
        @Parameters(index = "1", paramLabel = "SECOND")
        Path second;

        @Override
        public Integer call() throws Exception {
            ArchiveDiff.Report report = ArchiveDiff.diff(first, second);
            report.lines().forEach(spec.commandLine().getOut()::println);
            return report.same() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    @Command(name = "image", mixinStandardHelpOptions = true,
            description = "Make a node-local image from an archive without the tree (one node, tests).")
    static final class Image implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ARCHIVE")
        Path archive;
        @Parameters(index = "1", paramLabel = "DIR", description = "node-local folder, e.g. /dev/shm/fanload-JOB-STEP")
        Path dir;

        @Override
        public Integer call() throws Exception {
            ArchiveIdentity image = NodeImages.install(archive, new NodeImageLayout(dir));
            spec.commandLine().getOut().printf("image %s ready: %d bytes%n", dir, image.totalSize());
            return ExitCodes.OK;
        }
    }
}
