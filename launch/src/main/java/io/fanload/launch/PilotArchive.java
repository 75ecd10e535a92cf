package io.fanload.launch;

import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.build.BuildResult;
import io.fanload.writer.build.TrainedJvmCache;
import io.fanload.launch.cli.ErrorMapper;
import io.fanload.writer.source.SourceLimits;
import io.fanload.launch.cli.ExitCodes;
import io.fanload.writer.tools.Sizes;
import io.fanload.server.auth.Secret;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The pilot's folder and its end: every rank runs in record mode and writes its record into the
 * pilot folder at its JVM's exit; cache-writer merges the records into the archive. Ranks may end
 * with a status of their own (a linter's count of findings) after a whole run; a rank killed by a
 * signal or without a record means no archive: it stopped before it recorded everything.
 */
final class PilotArchive {

    private PilotArchive() {
    }

    /** The pilot folder (FILE.pilot beside the archive unless given), created, without old records. */
    static Path prepareFolder(LaunchSettings settings) throws IOException {
        Path pilotDir = settings.pilotDir() != null ? settings.pilotDir()
                : settings.cache().resolveSibling(settings.cache().getFileName() + ".pilot");
        try {
            Files.createDirectories(pilotDir);
        } catch (IOException e) {
            // The JDK names only the path: say what it was for.
            throw new IOException("cannot make the pilot folder " + pilotDir + ": " + ErrorMapper.message(e), e);
        }
        clearRecords(pilotDir);
        return pilotDir;
    }

    /**
     * After the pilot ranks: the archive if they all succeeded (a failed rank recorded too little),
     * with the JDK at {@code runtime} unless null, then what it holds and how the ranks differed. When
     * a JVM cache is to be trained ({@link JvmCacheTraining}), the archive it trains on is written to
     * node-local scratch and the one at {@code settings.cache()} once, with the cache: the shared file
     * system sees one write either way. The records are removed once merged.
     */
    static int writeArchive(LaunchSettings settings, LaunchReport report, Path pilotDir, int status,
                            RuntimeCopy.Carried carried, Trainer trainer) throws IOException, InterruptedException {
        report.put("exitCode", status);
        if (status != 0) {
            Optional<String> incomplete = incomplete(pilotDir, settings.ranks(), status);
            if (incomplete.isPresent()) {
                return noArchive(settings, pilotDir, status, incomplete.get());
            }
        }
        Path target = settings.cache();
        Path runtime = carried.home();
        Optional<String> notTraining = trainer.whyNot();
        boolean training = notTraining.isEmpty();
        Path first = !training ? target : settings.localDir().resolve("fanload-untrained-"
                + Secret.generate().hex().substring(0, 16) + ".fanload");
        try {
            BuildResult untrained = ArchiveBuilder.build(pilotDir, first, SourceLimits.DEFAULT, runtime);
            if (status != 0 && untrained.entries() == 0) {
                // A command that failed before the application ran (no main class, a wrong option).
                Files.deleteIfExists(first);
                return noArchive(settings, pilotDir, status, "the ranks loaded nothing from the class path");
            }
            // Said only now: for a pilot that writes no archive these would describe nothing.
            if (carried.note() != null) {
                settings.say(carried.note());
            }
            notTraining.ifPresent(reason -> settings.say("jvm cache: none trained: " + reason));
            if (status != 0) {
                // Linters, test runners and checkers end with a status of their own after a whole run.
                settings.warn("the pilot's ranks exited with status " + status + ", each after writing its whole"
                        + " record; the archive holds what they loaded (if the command failed, fix it and run the pilot"
                        + " again)");
            }
            Optional<TrainedJvmCache> trained = training ? trainer.train(first) : Optional.empty();
            if (trained.isEmpty()) {
                if (training) {
                    Files.copy(first, target, StandardCopyOption.REPLACE_EXISTING);
                }
                describe(settings, report, target, untrained);
            } else {
                try {
                    describe(settings, report, target, ArchiveBuilder.build(pilotDir, target, SourceLimits.DEFAULT,
                            runtime, trained.get()));
                    report.put("jvmCacheBytes", Files.size(trained.get().file()));
                } finally {
                    Files.deleteIfExists(trained.get().file());
                }
            }
        } finally {
            if (training) {
                Files.deleteIfExists(first);
            }
        }
        clearRecords(pilotDir);
        Files.deleteIfExists(pilotDir);
        return ExitCodes.OK;
    }

    /** No archive: the records cannot make one, so they go with their folder, as after a good pilot. */
    private static int noArchive(LaunchSettings settings, Path pilotDir, int status, String why) throws IOException {
        settings.warn("a pilot rank exited with status " + status + "; no archive written: " + why);
        clearRecords(pilotDir);
        Files.deleteIfExists(pilotDir);
        return status;
    }

    /** The training run on the archive just written without a cache. */
    interface Trainer {
        /** Why {@link #train} will not run the command at all, or empty when it will. */
        Optional<String> whyNot();

        Optional<TrainedJvmCache> train(Path untrained) throws IOException, InterruptedException;
    }

    private static void describe(LaunchSettings settings, LaunchReport report, Path archive, BuildResult result) {
        report.put("archiveBytes", result.identity().totalSize());
        report.put("archiveSha256", result.identity().sha256Hex());
        report.put("names", result.names());
        report.put("absentNames", result.absent());
        report.put("entries", result.entries());
        report.put("natives", result.natives());
        report.put("rankDifferences", result.pilot().differences());
        settings.say(String.format("wrote %s: %s, %d names (%d absent), %d entries, %d natives",
                archive, Sizes.bytes(result.identity().totalSize()), result.names(), result.absent(),
                result.entries(), result.natives()));
        result.pilot().differences().forEach(line -> settings.say("  " + line));
    }

    /**
     * Why the records of ranks that ended with {@code status} cannot make an archive, or empty: a rank
     * killed by a signal (128 + n) or without a record stopped before the JVM's exit, where it writes
     * its record, so it recorded too little.
     */
    static Optional<String> incomplete(Path pilotDir, int ranks, int status) throws IOException {
        if (status == 0) {
            return Optional.empty();
        }
        if (status > 128) {
            return Optional.of("killed by signal " + (status - 128) + ", before its record was written");
        }
        // ranks, not files: a rank whose JVM started JVMs of its own has a record for each
        Set<String> recorded = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pilotDir, "rank-*.record")) {
            for (Path file : files) {
                recorded.add(RecordWriter.rankOf(file.getFileName().toString()));
            }
        }
        int records = recorded.size();
        return records >= ranks ? Optional.empty()
                : Optional.of((ranks - records) + " of " + ranks + " ranks left no record");
    }

    private static void clearRecords(Path pilotDir) throws IOException {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(pilotDir, "rank-*.record")) {
            for (Path record : records) {
                Files.delete(record);
            }
        }
    }
}
