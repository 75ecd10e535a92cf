package io.fanload.server.agent;

import io.fanload.server.protocol.Errors;
import io.fanload.writer.archive.FileMoves;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * A dynamic AppCDS archive of the node agent's classes, for this JVM (its java.home and build) and
 * fanload's class path. A cold agent JVM loads ~1,170 classes that are not in the JDK's own CDS
 * archive (~520 of them Netty's) — about 0.55 s of CPU on a test node, spent just when the node's
 * ranks start; mapped from this archive, a job's agents were ready 0.3-0.8 s sooner on the test bed
 * (docs/TREE.md and docs/perf/tree.md, "The agents' class archive").
 * <p>
 * It lives in the user's cache folder ({@value #ENV_FOLDER}, default
 * {@code $XDG_CACHE_HOME/fanload} or {@code ~/.cache/fanload}), which a cluster's nodes share with
 * the batch host like the home folder itself: one file per JDK and fanload install, mapped by one
 * agent per node. The first job that needs it makes it with a short training run (1.1 s here)
 * ({@link AgentClassTraining} under {@code -XX:ArchiveClassesAtExit}). Because the JVM runs what a
 * class archive holds, one is used only from a folder and file that no one but the user (or root)
 * can write, and launch checks its CRC-32 before every job; a JVM that cannot use it (another JDK
 * build, a changed jar) starts without it and says so in the agent's log. Any failure here only
 * means agents start without it.
 */
public final class AgentClassArchive {

    /** The archive's folder, or {@code off} for none. */
    public static final String ENV_FOLDER = "FANLOAD_AGENT_CDS";
    /** A training run took 1.1 s on an idle 2-core node; this only bounds a hung one. */
    static final Duration MAKING_LIMIT = Duration.ofMinutes(2);

    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final Path folder;
    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;
    private final String name;

    AgentClassArchive(Path folder, String java, String classPath, List<String> jvmOptions) {
        this.folder = folder;
        this.java = java;
        this.classPath = classPath;
        this.jvmOptions = jvmOptions;
        this.name = "agent-jdk" + Runtime.version().feature() + "-" + key() + ".jsa";
    }

    /**
     * The archive for agents started with this JVM's java, {@link AgentMain#JVM_OPTIONS} and the
     * agents' class path ({@link AgentClassPath}); empty when {@value #ENV_FOLDER} is {@code off} or
     * there is no home folder.
     */
    public static Optional<AgentClassArchive> forThisJvm(Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return folder(env).map(folder -> new AgentClassArchive(folder, java, AgentClassPath.ofThisInstall(),
                AgentMain.JVM_OPTIONS));
    }

    static Optional<Path> folder(Map<String, String> env) {
        String chosen = env.get(ENV_FOLDER);
        if ("off".equals(chosen)) {
            return Optional.empty();
        }
        if (chosen != null && !chosen.isEmpty()) {
            return Optional.of(Path.of(chosen).toAbsolutePath());
        }
        String cache = env.get("XDG_CACHE_HOME");
        if (cache != null && cache.startsWith("/")) {
            return Optional.of(Path.of(cache, "fanload"));
        }
        String home = env.get("HOME");
        return home != null && home.startsWith("/") ? Optional.of(Path.of(home, ".cache", "fanload")) : Optional.empty();
    }

    /** The archive's file (it may not exist yet). */
    public Path file() {
        return folder.resolve(name);
    }

    /**
     * The agent JVM options that map the archive, after making it if there is none yet; none when
     * it cannot be made or must not be trusted ({@code warn} says why; {@code say} tells that it was
     * made, or why an earlier failure is not retried).
     */
    public List<String> jvmOptions(Consumer<String> say, Consumer<String> warn) {
        Path file = file();
        Path failed = folder.resolve(name + ".failed");
        try {
            if (Files.exists(failed, LinkOption.NOFOLLOW_LINKS)) {
                say.accept("agents start without a class archive: it could not be made before ("
                        + Files.readString(failed).trim() + "; remove " + failed + " to try again)");
                return List.of();
            }
            String damage;
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && untrusted(file) == null && (damage = damage(file)) != null) {
                warn.accept("the agents' class archive " + file + " is damaged (" + damage + "); making it again");
                Files.delete(file);
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !make(say, warn, failed)) {
                return List.of();
            }
            String untrusted = untrusted(file);
            if (untrusted != null) {
                warn.accept("agents start without the class archive " + file + ": " + untrusted);
                return List.of();
            }
            // -Xlog:cds=off: with an archive named on its command line, JDK 25 prints three [error][cds]
            // lines at every start because the JDK's own base archive was made without the agents'
            // --enable-native-access (the archive still maps). A top archive the JVM cannot use is
            // still said in the agent's log, under cds+dynamic.
            return List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=off");
        } catch (IOException e) {
            warn.accept("agents start without a class archive: " + Errors.oneLine(e));
            return List.of();
        }
    }

    /** Runs the training JVM into a private temporary file and moves it into place; false if it failed. */
    private boolean make(Consumer<String> say, Consumer<String> warn, Path failed) throws IOException {
        ensurePrivateFolder();
        long pid = ProcessHandle.current().pid();
        Path temp = folder.resolve(name + ".tmp-" + pid);
        Path log = folder.resolve(name + ".log-" + pid);
        Path crcTemp = folder.resolve(name + ".crc32.tmp-" + pid);
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + temp, "-cp", classPath,
                AgentClassTraining.class.getName()));
        long start = System.nanoTime();
        try {
            Process training = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            String problem;
            if (!training.waitFor(MAKING_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                training.destroyForcibly().waitFor();
                problem = "the training run took longer than " + MAKING_LIMIT.toSeconds() + " s";
            } else if (training.exitValue() != 0 || !Files.isRegularFile(temp) || Files.size(temp) == 0) {
                problem = "the training run " + (training.exitValue() == 0 ? "wrote no archive" : "exited "
                        + training.exitValue()) + lastLine(log);
            } else {
                problem = null;
            }
            if (problem != null) {
                Files.writeString(failed, problem + "\n");
                warn.accept("agents start without a class archive: " + problem);
                return false;
            }
            Files.writeString(crcTemp, crc32(temp) + "\n");
            FileMoves.intoPlace(crcTemp, crcFile());
            FileMoves.intoPlace(temp, file());
            say.accept(String.format(Locale.ROOT,
                    "made the agents' class archive in %.1f s (once for this JDK and fanload install): %s",
                    (System.nanoTime() - start) / 1e9, file()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the agents' class archive", e);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(crcTemp);
            Files.deleteIfExists(log);
        }
    }

    /** The archive's CRC-32, written when it was made. */
    private Path crcFile() {
        return folder.resolve(name + ".crc32");
    }

    /**
     * What is wrong with the archive's bytes (null if nothing): checked by launch, once per job,
     * against the CRC-32 noted when it was made. (The JVM's own check, {@code
     * -XX:+VerifySharedSpaces}, would cost every agent ~30 ms; a damaged archive can crash JDK 25's
     * start, measured.)
     */
    String damage(Path file) throws IOException {
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

    private void ensurePrivateFolder() throws IOException {
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder.getParent());
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // made by a launch at the same moment, unless it is something else
                if (!Files.isDirectory(folder)) {
                    throw new IOException(folder + " is not a folder");
                }
            }
        }
    }

    /**
     * Why the archive must not be mapped (null when it may): the JVM would run what it holds, so the
     * folder and file must belong to the user (or root, for a site's shared folder) and be writable
     * by no one else.
     */
    String untrusted(Path file) throws IOException {
        String me = System.getProperty("user.name");
        for (Path path : List.of(folder, file)) {
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return path + " is a symbolic link";
            }
            String owner = attributes.owner().getName();
            if (!owner.equals(me) && !owner.equals("root")) {
                return path + " belongs to " + owner + ", not " + me;
            }
            if (attributes.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
                return path + " is writable by others (" + PosixFilePermissions.toString(attributes.permissions()) + ")";
            }
        }
        return null;
    }

    /**
     * What the JVM checks the archive against, so that another JDK build, fanload install or set
     * of agent options gets its own file rather than one it would refuse.
     */
    private String key() {
        StringBuilder text = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version"))
                .append('\n').append(String.join(" ", jvmOptions)).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            text.append(entry);
            try {
                BasicFileAttributes attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class);
                text.append(' ').append(attributes.size()).append(' ').append(attributes.lastModifiedTime().toMillis());
            } catch (IOException | InvalidPathException e) {
                // a missing entry is part of the class path as the JVM sees it too
            }
            text.append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
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
