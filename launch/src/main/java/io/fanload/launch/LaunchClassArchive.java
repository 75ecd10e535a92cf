package io.fanload.launch;

import io.fanload.server.agent.JvmClassArchive;
import io.fanload.server.protocol.Errors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * launch's own class archive: a dynamic AppCDS archive of the classes a job's launch loads (picocli's
 * model, the coordinator, Netty, the report), beside the agents' in the user's cache folder. Mapped,
 * it takes about a third off launch's own start-up CPU (docs/perf/jvm-cache.md, "launch's fixed
 * cost"). The launch script decides before this JVM starts, so it names the file (its name carries a
 * key of the script's java and fanload's jars): {@value #MAPPED} when it mapped a trusted one,
 * {@value #MAKE} when there is none yet, which this class then makes for the next jobs, once, with
 * {@link LaunchClassTraining}. The script maps it with {@code -XX:+VerifySharedSpaces}, so a damaged
 * archive cannot crash launch; this class finds it by its CRC-32 and removes it. Any failure here
 * only means launch starts without it.
 */
final class LaunchClassArchive {

    /** The archive this JVM was started with. */
    static final String MAPPED = "fanload.launch.classArchive";
    /** Where the archive for this JVM belongs, when there was none to map. */
    static final String MAKE = "fanload.launch.makeClassArchive";
    /** launch's own JVM options in every mode (pilot-scripts/bin/launch), which the training JVM must share. */
    static final List<String> JVM_OPTIONS = List.of("-Dio.netty.jfr.enabled=false", "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC");
    /** What the script adds for --read-cache: C1 only (the script says why). */
    static final String READ_CACHE_OPTION = "-XX:TieredStopAtLevel=1";

    private LaunchClassArchive() {
    }

    /** launch's JVM options for a pilot or a --read-cache job, as the script chose them. */
    static List<String> jvmOptions(boolean pilot) {
        if (pilot) {
            return JVM_OPTIONS;
        }
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        options.add(READ_CACHE_OPTION);
        return List.copyOf(options);
    }

    /** How long the end of a job waits for a training still running beside it (1-3 s on an idle node). */
    static final Duration FINISH_WAIT = Duration.ofSeconds(15);

    /**
     * Makes the archive the script asked for, or checks the one it mapped, for a {@code pilot} or a
     * --read-cache job, on a thread beside the job; {@code say}/{@code warn} report it. The job's end
     * calls {@link Care#finish}: a training still running then is stopped rather than holding the
     * job's nodes (the next job tries again).
     */
    static Care takeCare(boolean pilot, Consumer<String> say, Consumer<String> warn) {
        String mapped = System.getProperty(MAPPED);
        String make = System.getProperty(MAKE);
        Thread thread = new Thread(() -> {
            try {
                if (mapped != null) {
                    check(archive(Path.of(mapped), pilot), warn);
                } else if (make != null) {
                    make(archive(Path.of(make), pilot), pilot, say, warn);
                }
            } catch (IOException | RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    warn.accept("launch starts without its class archive: " + Errors.oneLine(e));
                }
            }
        }, "fanload-launch-class-archive");
        thread.setDaemon(true);
        if (mapped != null || make != null) {
            thread.start();
        }
        return new Care(thread, say);
    }

    /** The archive's care beside a job. */
    static final class Care {
        private final Thread thread;
        private final Consumer<String> say;

        private Care(Thread thread, Consumer<String> say) {
            this.thread = thread;
            this.say = say;
        }

        /** The job ended: waits up to {@link #FINISH_WAIT} for the care, then stops it. */
        void finish() throws InterruptedException {
            thread.join(FINISH_WAIT.toMillis());
            if (thread.isAlive()) {
                say.accept("launch's class archive not made: its training still ran when the job ended (the next job"
                        + " tries again)");
                stop();
            }
        }

        /** Stops the care if it still runs, and waits briefly for its training JVM and files to go. */
        void stop() {
            if (thread.isAlive()) {
                thread.interrupt();
                try {
                    thread.join(STOP_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    static JvmClassArchive archive(Path file, boolean pilot) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new JvmClassArchive(file, java, jvmOptions(pilot), System.getProperty("java.class.path"),
                LaunchClassTraining.class.getName());
    }

    private static void check(JvmClassArchive archive, Consumer<String> warn) throws IOException {
        String damage = archive.damage();
        if (damage != null) {
            archive.remove();
            warn.accept("launch's class archive " + archive.file() + " was damaged (" + damage
                    + "): removed, the next job makes it again");
        }
    }

    private static void make(JvmClassArchive archive, boolean pilot, Consumer<String> say, Consumer<String> warn)
            throws IOException {
        String failed = archive.failedBefore();
        if (failed != null) {
            say.accept("launch starts without a class archive: it could not be made before (" + failed
                    + "; remove " + archive.failedFile() + " to try again)");
            return;
        }
        if (Files.exists(archive.file(), LinkOption.NOFOLLOW_LINKS)) {
            String untrusted = archive.untrusted();
            if (untrusted != null) {
                warn.accept("launch starts without its class archive " + archive.file() + ": " + untrusted);
            }
            return; // made by another launch since this one started, or not to be trusted
        }
        long start = System.nanoTime();
        JvmClassArchive.Making making = archive.make();
        if (making.outcome() == JvmClassArchive.Making.Outcome.BUSY) {
            return; // the next job maps the one another launch is making
        }
        if (making.outcome() == JvmClassArchive.Making.Outcome.FAILED) {
            warn.accept("launch starts without a class archive: " + making.detail());
            return;
        }
        // One for pilots and one for --read-cache jobs: their JVM options and classes differ.
        say.accept(String.format(Locale.ROOT,
                "made launch's class archive for %s jobs in %.1f s (once for this JDK and fanload install): %s",
                pilot ? "pilot" : "read-cache", (System.nanoTime() - start) / 1e9, archive.file()));
    }
}
