package io.fanload.server.agent;

import io.fanload.writer.archive.FileMoves;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * One dynamic AppCDS archive of fanload's own classes in the user's cache folder (the node agents'
 * and launch's, {@link AgentClassArchive} and launch's LaunchClassArchive): made by a training JVM
 * under {@code -XX:ArchiveClassesAtExit}, written to a private temporary file and moved into place
 * with its CRC-32 beside it; a failed training leaves {@code FILE.failed} so that it is not repeated
 * every job. Because a JVM runs what a class archive holds, one is mapped only from a folder and
 * file that no one but the user (or root) can write, and a damaged one is found by its CRC-32 (a
 * damaged archive can crash a JVM's start, measured on JDK 17 and 25).
 */
public final class JvmClassArchive {

    /** A training run took 1-3 s on an idle 2-core node; this only bounds a hung one. */
    static final Duration MAKING_LIMIT = Duration.ofMinutes(2);

    /** This host's name, to tell a lock held on this host (whose pid can be checked) from another's. */
    private static final String HOST = hostName();

    private final Path file;
    private final List<String> training;

    /**
     * The archive {@code file}, made by running {@code java jvmOptions -cp classPath trainingMain}:
     * the JVM that maps it must use the same java, options and class path.
     */
    public JvmClassArchive(Path file, String java, List<String> jvmOptions, String classPath, String trainingMain) {
        this.file = file.toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, trainingMain));
        this.training = List.copyOf(command);
    }

    /** The archive's file (it may not exist yet). */
    public Path file() {
        return file;
    }

    /** Why an earlier training failed ({@code FILE.failed}), or null if none did. */
    public String failedBefore() throws IOException {
        Path failed = failedFile();
        return Files.exists(failed, LinkOption.NOFOLLOW_LINKS) ? Files.readString(failed).trim() : null;
    }

    /** Where a failed training is remembered; removing it makes the next job try again. */
    public Path failedFile() {
        return file.resolveSibling(file.getFileName() + ".failed");
    }

    /** What {@link #make()} did, and what to say about it: why it failed, or who else is making it. */
    public record Making(Outcome outcome, String detail) {

        /** Made and in place; another JVM is making it now (none this time, not a failure); failed. */
        public enum Outcome { MADE, BUSY, FAILED }
    }

    /**
     * Runs the training JVM into a private temporary file and moves it and its CRC-32 into place,
     * unless another launch is making it right now (a job array's launches start together, and one
     * training is enough: {@code FILE.making} says who, for at most {@link #MAKING_LIMIT}). A failure
     * is remembered in {@link #failedFile()}.
     */
    public Making make() throws IOException {
        PrivateFiles.ensureFolder(file.getParent());
        Path lock = file.resolveSibling(file.getFileName() + ".making");
        String holder = HOST + " " + ProcessHandle.current().pid();
        if (!takeLock(lock, holder)) {
            String other = readQuietly(lock);
            return new Making(Making.Outcome.BUSY, "another launch (" + (other.isEmpty() ? "?" : other)
                    + ") is making it now");
        }
        try {
            String problem = train();
            if (problem == null) {
                StaleClassArchives.remove(file.getParent(), StaleClassArchives.AGE);
            }
            return problem == null ? new Making(Making.Outcome.MADE, null) : new Making(Making.Outcome.FAILED, problem);
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    /**
     * Takes {@code lock} for {@code holder}; false while another JVM holds it: a live process on this
     * host, or any holder on another host for at most {@link #MAKING_LIMIT}. A stale lock is taken over.
     */
    private static boolean takeLock(Path lock, String holder) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(lock, holder + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                String[] other = readQuietly(lock).split(" ");
                boolean fresh;
                try {
                    fresh = Files.getLastModifiedTime(lock).toMillis() > System.currentTimeMillis() - MAKING_LIMIT.toMillis();
                } catch (IOException gone) {
                    continue; // released meanwhile: try again
                }
                boolean alive = other.length != 2 || !other[0].equals(HOST)
                        || ProcessHandle.of(parsePid(other[1])).map(ProcessHandle::isAlive).orElse(false);
                if (fresh && alive) {
                    return false;
                }
                Files.deleteIfExists(lock);
            }
        }
        return false;
    }

    /** The kernel's host name: no name service on the way (a slow resolver would stall launch). */
    private static String hostName() {
        String name = readQuietly(Path.of("/proc/sys/kernel/hostname"));
        return name.isEmpty() ? "localhost" : name;
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The training run itself; returns why it failed (remembered in {@link #failedFile()}), or null. */
    private String train() throws IOException {
        String name = file.getFileName().toString();
        long pid = ProcessHandle.current().pid();
        Path temp = file.resolveSibling(name + ".tmp-" + pid);
        Path log = file.resolveSibling(name + ".log-" + pid);
        Path crcTemp = file.resolveSibling(name + ".crc32.tmp-" + pid);
        List<String> command = new ArrayList<>(training);
        command.add(1, "-XX:ArchiveClassesAtExit=" + temp);
        Process run = null;
        try {
            run = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String problem;
            if (!run.waitFor(MAKING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                run.destroyForcibly().waitFor();
                problem = "the training run took longer than " + MAKING_LIMIT.toSeconds() + " s";
            } else if (run.exitValue() != 0 || !Files.isRegularFile(temp) || Files.size(temp) == 0) {
                problem = "the training run " + (run.exitValue() == 0 ? "wrote no archive" : "exited "
                        + run.exitValue()) + lastLine(log);
            } else {
                problem = null;
            }
            if (problem != null) {
                Files.writeString(failedFile(), problem + "\n");
                return problem;
            }
            Files.writeString(crcTemp, crc32(temp) + "\n");
            FileMoves.intoPlace(crcTemp, crcFile());
            FileMoves.intoPlace(temp, file);
            return null;
        } catch (InterruptedException e) {
            // Stopped (a job that ended first): the training JVM goes too, nothing is left half made.
            run.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making " + file, e);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(crcTemp);
            Files.deleteIfExists(log);
        }
    }

    /** Removes the archive and its CRC-32 (a damaged one: the next job makes it again). */
    public void remove() throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(crcFile());
    }

    private Path crcFile() {
        return file.resolveSibling(file.getFileName() + ".crc32");
    }

    /**
     * What is wrong with the archive's bytes (null if nothing), against the CRC-32 noted when it was
     * made. (The JVM's own check, {@code -XX:+VerifySharedSpaces}, costs every JVM that maps it.)
     */
    public String damage() throws IOException {
        if (!Files.isRegularFile(crcFile())) {
            return "no " + crcFile().getFileName();
        }
        String expected = Files.readString(crcFile()).trim();
        String actual = crc32(file);
        return expected.equals(actual) ? null : "its CRC-32 is " + actual + ", it was " + expected + " when made";
    }

    private static String crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            crc.update(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        }
        return Long.toHexString(crc.getValue());
    }

    /**
     * Why the archive must not be mapped (null when it may): the JVM would run what it holds
     * ({@link PrivateFiles#untrusted}).
     */
    public String untrusted() throws IOException {
        return PrivateFiles.untrusted(file);
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                String line = lines.get(i).strip();
                return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
            }
        }
        return "";
    }
}
