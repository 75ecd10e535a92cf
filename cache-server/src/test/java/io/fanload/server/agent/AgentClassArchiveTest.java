package io.fanload.server.agent;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agents' class archive with the JDK under test (CI runs JDK 17 and JDK 25): made once by a
 * real training JVM, mapped by an agent JVM started with the options it gives, refused when damaged
 * or writable by others, and a failed training is remembered rather than repeated every job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentClassArchiveTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    private String classPath;
    private String probeOutput;
    private final List<String> said = new ArrayList<>();
    private final List<String> warned = new ArrayList<>();

    /** The test class path with every folder made a jar: the JVM archives classes from jars only. */
    @BeforeEach
    void jarClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        String testPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : testPath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            entries.add(Files.isDirectory(path) ? jar(path, tmp.resolve("cp" + entries.size() + ".jar")).toString() : entry);
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void madeOnceThenMappedByTheAgentJvm() throws Exception {
        AgentClassArchive archive = archive(tmp.resolve("cache/fanload"));
        List<String> options = archive.jvmOptions(said::add, warned::add);

        assertEquals(List.of("-XX:SharedArchiveFile=" + archive.file(), "-Xlog:cds=off"), options);
        assertEquals(List.of(), warned);
        assertTrue(said.size() == 1 && said.get(0).startsWith("made the agents' class archive in "), said.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.file().getParent())));
        try (Stream<Path> files = Files.list(archive.file().getParent())) {
            assertEquals(List.of(archive.file(), Path.of(archive.file() + ".crc32")), files.sorted().toList(),
                    "the archive and its CRC, no temporary file or log");
        }

        String classes = probe(options);
        assertTrue(probeOutput.matches("probe done: (EPOLL|NIO), 256-bit digest\\R"), "nothing but the probe's line: " + probeOutput);
        assertTrue(classes.matches("(?s).*io\\.netty\\.buffer\\.ByteBufAllocator source: shared objects file \\(top\\).*"),
                "Netty's classes come from the class archive");
        assertTrue(classes.matches("(?s).*io\\.fanload\\.server\\.transport\\.Transport source: shared objects file \\(top\\).*"),
                "fanload's classes come from the class archive");

        said.clear();
        assertEquals(options, archive.jvmOptions(said::add, warned::add));
        assertEquals(List.of(), said, "the second job finds the archive and makes none");
    }

    @Test
    void aDamagedArchiveIsMadeAgain() throws Exception {
        AgentClassArchive archive = archive(tmp.resolve("cache"));
        List<String> options = archive.jvmOptions(said::add, warned::add);
        Files.setPosixFilePermissions(archive.file(), PosixFilePermissions.fromString("rw-------"));
        try (FileChannel file = FileChannel.open(archive.file(), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("damaged!".repeat(64).getBytes(StandardCharsets.US_ASCII)), file.size() / 2);
        }
        said.clear();

        assertEquals(options, archive.jvmOptions(said::add, warned::add));
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).matches("the agents' class archive .* is damaged \\(its CRC-32 is \\p{XDigit}+, it was "
                + "\\p{XDigit}+ when made\\); making it again"), warned.get(0));
        assertTrue(said.get(0).startsWith("made the agents' class archive"), said.toString());
        assertEquals(null, archive.damage());
        assertTrue(probe(options).contains("source: shared objects file (top)"), "the new archive is mapped");
    }

    @Test
    void anArchiveOthersCanWriteIsNotUsed() throws Exception {
        AgentClassArchive archive = archive(tmp.resolve("cache"));
        archive.jvmOptions(said::add, warned::add);
        Files.setPosixFilePermissions(archive.file(), PosixFilePermissions.fromString("rw-rw-rw-"));

        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).contains("is writable by others (rw-rw-rw-)"), warned.get(0));

        Files.setPosixFilePermissions(archive.file(), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(archive.file().getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
        warned.clear();
        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertTrue(warned.get(0).contains(archive.file().getParent() + " is writable by others"), warned.toString());
    }

    @Test
    void aFailedTrainingIsRememberedNotRepeated() throws Exception {
        Path empty = jar(Files.createDirectories(tmp.resolve("nothing")), tmp.resolve("nothing.jar"));
        AgentClassArchive archive = new AgentClassArchive(tmp.resolve("cache"), JAVA, empty.toString(), AgentMain.JVM_OPTIONS);

        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).matches("agents start without a class archive: the training run exited 1: .*"
                + "AgentClassTraining.*"), warned.get(0));
        assertFalse(Files.exists(archive.file()));

        said.clear();
        warned.clear();
        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertEquals(List.of(), warned, "a failure is told once, not every job");
        assertTrue(said.get(0).contains("it could not be made before"), said.toString());
    }

    /** A job array's launches start together: one trains, the others go without it this once. */
    @Test
    void oneLaunchMakesItWhileAnotherIsMakingItNoneIsAFailure() throws Exception {
        AgentClassArchive archive = archive(tmp.resolve("cache"));
        Files.createDirectories(archive.file().getParent());
        Path lock = Path.of(archive.file() + ".making");
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        Files.writeString(lock, host + " " + ProcessHandle.current().pid() + "\n");

        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertEquals(List.of(), warned, "no failure");
        assertEquals(List.of("agents start without a class archive this time: another launch (" + host + " "
                + ProcessHandle.current().pid() + ") is making it now"), said);
        assertFalse(Files.exists(archive.file()) || Files.exists(Path.of(archive.file() + ".failed")));

        // A holder that is gone (its process ended) leaves a stale lock: the next launch takes it over.
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Files.writeString(lock, host + " " + ended.pid() + "\n");
        said.clear();
        List<String> options = archive.jvmOptions(said::add, warned::add);
        assertEquals(List.of("-XX:SharedArchiveFile=" + archive.file(), "-Xlog:cds=off"), options, warned.toString());
        assertTrue(said.get(0).startsWith("made the agents' class archive"), said.toString());
        assertFalse(Files.exists(lock), "released once made");
    }

    @Test
    void aFolderThatIsAFileIsOneWarningAndNoArchive() throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("cds"), "a file\n");
        AgentClassArchive archive = new AgentClassArchive(notAFolder, JAVA, classPath, AgentMain.JVM_OPTIONS);

        assertEquals(List.of(), archive.jvmOptions(said::add, warned::add));
        assertEquals(List.of("agents start without a class archive: " + notAFolder + " is not a folder"), warned);
        assertEquals("a file\n", Files.readString(notAFolder), "the file is left as it was");
        try (Stream<Path> files = Files.list(tmp)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("cds") && !p.equals(notAFolder)));
        }
    }

    @Test
    void theFolderComesFromTheEnvironment() {
        assertEquals(Optional.empty(), AgentClassArchive.folder(Map.of(AgentClassArchive.ENV_FOLDER, "off", "HOME", "/h")));
        assertEquals(Optional.of(Path.of("/site/cds")), AgentClassArchive.folder(Map.of(AgentClassArchive.ENV_FOLDER,
                "/site/cds", "HOME", "/h")));
        assertEquals(Optional.of(Path.of("/x/fanload")), AgentClassArchive.folder(Map.of("XDG_CACHE_HOME", "/x", "HOME", "/h")));
        assertEquals(Optional.of(Path.of("/h/.cache/fanload")), AgentClassArchive.folder(Map.of("HOME", "/h")));
        assertEquals(Optional.empty(), AgentClassArchive.folder(Map.of()));
    }

    private AgentClassArchive archive(Path folder) {
        return new AgentClassArchive(folder, JAVA, classPath, AgentMain.JVM_OPTIONS);
    }

    /** Runs the agent start-up probe with {@code options}; returns its class-load log. */
    private String probe(List<String> options) throws Exception {
        Path classLog = tmp.resolve("class-load-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(AgentMain.JVM_OPTIONS);
        command.addAll(options);
        command.addAll(List.of("-Xlog:class+load:file=" + classLog, "-cp", classPath, AgentJvmStartProbe.class.getName()));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jvm.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, jvm.exitValue(), output);
        assertTrue(output.lines().anyMatch(line -> line.startsWith("probe done: ")), output);
        probeOutput = output;
        return Files.readString(classLog);
    }

    private static Path jar(Path folder, Path target) throws IOException {
        try (OutputStream raw = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(raw);
             Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        return target;
    }
}
