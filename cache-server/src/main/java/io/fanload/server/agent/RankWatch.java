package io.fanload.server.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The ranks using a node's image, as launch's rank bootstrap registers them: one file per rank in
 * {@code <verdict-dir>/ranks}, holding the pid of the rank's bootstrap shell (alive as long as the
 * rank's JVM runs). An agent that lost its coordinator removes the node-local folder only when all
 * of them are gone, never under a running rank.
 */
final class RankWatch {

    /** The folder in the verdict folder that ranks register in. */
    static final String FOLDER = "ranks";

    private static final long POLL_MILLIS = 200;

    private RankWatch() {
    }

    /**
     * Waits until {@code grace} has passed since this process started (time for every local rank to
     * register), then until no registered rank's process is alive.
     */
    static void awaitRanks(Path folder, Duration grace) throws InterruptedException {
        java.time.Instant started = ProcessHandle.current().info().startInstant().orElse(java.time.Instant.now());
        long graceEnd = System.nanoTime() + Math.max(0,
                Duration.between(java.time.Instant.now(), started.plus(grace)).toNanos());
        while (System.nanoTime() < graceEnd || anyAlive(folder)) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Whether any pid registered in {@code folder} is a live process; a missing folder has none. */
    static boolean anyAlive(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (alive(file)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /**
     * Whether a registration still stands: its pid lives, or the shell is still writing it (the
     * file exists but is empty). Gone, or naming a dead process: the rank ended.
     */
    static boolean standing(Path file) {
        try {
            if (Files.readString(file).isBlank()) {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        return alive(file);
    }

    private static boolean alive(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
