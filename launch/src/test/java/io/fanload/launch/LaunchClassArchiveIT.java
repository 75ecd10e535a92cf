package io.fanload.launch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * launch's own class archive as a user meets it, through the built launch script with the JDK under
 * test (CI runs JDK 17 and 25): the first job makes it, the next maps it, a damaged one runs launch
 * without it and is made again, one that others may write is never mapped.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LaunchClassArchiveIT {

    private static final Path SCRIPT = Path.of("..", "pilot-scripts", "bin", "launch").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private LaunchProcessTestSupport app;
    private Path cds;
    private Path classLog;
    private Path javaWrapper;

    /** A java that logs where its classes came from, so that a test sees what launch's JVM mapped. */
    @BeforeEach
    void setUp() throws IOException {
        app = new LaunchProcessTestSupport(tmp);
        cds = tmp.resolve("cds");
        classLog = tmp.resolve("launch-classes.log");
        javaWrapper = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(javaWrapper, "#!/bin/sh\nexec '" + app.java() + "' -Xlog:class+load:file=" + classLog + " \"$@\"\n");
        Files.setPosixFilePermissions(javaWrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** One archive's life, job by job (each job a real pilot: the training and every check cost seconds). */
    @Test
    void madeByTheFirstJobMappedByTheNextNeverRunWhenOthersMayWriteItOrItIsDamaged() throws Exception {
        LaunchProcessTestSupport.Result first = pilot();
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("rank 0: hello world"), first.out());
        assertTrue(first.err().matches("(?s).*fanload: made launch's class archive for pilot jobs in [0-9.]+ s .*: " + cds
                + "/launch-\\p{XDigit}{16}\\.jsa\n.*"), first.err());
        Path archive = onlyArchive();
        assertTrue(Files.isRegularFile(Path.of(archive + ".crc32")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cds)));
        assertFalse(mappedLaunch(), "the first job's launch had nothing to map");

        LaunchProcessTestSupport.Result second = pilot();
        assertEquals(0, second.code(), second.err());
        assertFalse(second.err().contains("class archive"), second.err());
        assertTrue(mappedLaunch(), "the second job's launch mapped it");

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        LaunchProcessTestSupport.Result writable = pilot();
        assertEquals(0, writable.code(), writable.err());
        assertFalse(mappedLaunch(), "an archive others may write is not mapped");
        assertTrue(writable.err().contains("fanload: warning: launch starts without its class archive " + archive
                + ": " + archive + " is writable by others (rw-rw-rw-)"), writable.err());

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        try (FileChannel file = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap("damaged!".repeat(512).getBytes(StandardCharsets.US_ASCII)), file.size() / 3);
        }
        LaunchProcessTestSupport.Result damaged = pilot();
        assertEquals(0, damaged.code(), damaged.err());
        assertTrue(damaged.out().contains("rank 0: hello world"), damaged.out());
        assertTrue(damaged.err().contains("fanload: warning: launch's class archive " + archive + " was damaged (its CRC-32 is "),
                damaged.err());
        assertFalse(Files.exists(archive));

        LaunchProcessTestSupport.Result again = pilot();
        assertTrue(again.err().contains("fanload: made launch's class archive for pilot jobs in "), again.err());
        assertTrue(Files.isRegularFile(archive));

        // --read-cache runs launch with other JVM options (C1 only): an archive of its own, trained with them.
        LaunchProcessTestSupport.Result served = job("--read-cache");
        assertEquals(0, served.code(), served.err());
        assertTrue(served.err().contains("fanload: made launch's class archive for read-cache jobs in "), served.err());
        assertFalse(mappedLaunch(), "the pilot's archive is not mapped under other options");
        LaunchProcessTestSupport.Result servedAgain = job("--read-cache");
        assertEquals(0, servedAgain.code(), servedAgain.err());
        assertTrue(servedAgain.out().contains("rank 0: hello world"), servedAgain.out());
        assertTrue(mappedLaunch(), "the second --read-cache launch mapped the archive the first one made");
    }

    private LaunchProcessTestSupport.Result pilot() throws Exception {
        return job("--pilot");
    }

    private LaunchProcessTestSupport.Result job(String mode) throws Exception {
        Files.deleteIfExists(classLog);
        List<String> argv = List.of("bash", SCRIPT.toString(), mode, "--cache", tmp.resolve("app.fanload").toString(),
                "-n", "1", "--jvm-cache", "off", "--local-dir", app.shm().toString(), "--", app.java(), "-cp", app.app().toString(), "app.Main", "world");
        return app.run(argv, null, env -> {
            env.put("FANLOAD_AGENT_CDS", cds.toString());
            env.put("FANLOAD_JAVA", javaWrapper.toString());
        });
    }

    /** Whether the last launch JVM loaded its own main class from a class archive. */
    private boolean mappedLaunch() throws IOException {
        return Files.readString(classLog).lines().anyMatch(line -> line.contains("io.fanload.launch.LaunchCommand source: shared objects file"));
    }

    private Path onlyArchive() throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().matches("launch-\\p{XDigit}{16}\\.jsa")).toList();
            assertEquals(1, archives.size(), archives::toString);
            return archives.get(0);
        }
    }
}
