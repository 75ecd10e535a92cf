package io.fanload.server.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Removes what fanload left in its cache folder long ago: every rebuild or upgrade of fanload or the
 * JDK makes new class archives (about 10 MB each) and JDK answers beside the old ones, which nothing
 * maps again. Run when a job makes an archive (rarely), it removes fanload's files there not written
 * for {@link #AGE}; one still in use costs a job a training run of a few seconds to make it again.
 */
final class StaleClassArchives {

    /** How old a file of fanload's must be before it goes. */
    static final Duration AGE = Duration.ofDays(30);

    /** fanload's names only: a class archive and its companions, a JDK's remembered answer. */
    private static final Pattern OURS = Pattern.compile(
            "(agent-jdk\\d+|launch)-[0-9a-f]{16}\\.jsa(\\.crc32|\\.failed|\\.making|\\.log-\\d+|\\.tmp-\\d+|\\.crc32\\.tmp-\\d+)?"
                    + "|jdk-[0-9a-f]{16}\\.properties");

    private StaleClassArchives() {
    }

    /** Removes fanload's files in {@code folder} older than {@code age}; failures are left for the next time. */
    static void remove(Path folder, Duration age) {
        long before = System.currentTimeMillis() - age.toMillis();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (OURS.matcher(file.getFileName().toString()).matches()
                        && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < before) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder we cannot list or a file we cannot remove: tried again by the next training
        }
    }
}
