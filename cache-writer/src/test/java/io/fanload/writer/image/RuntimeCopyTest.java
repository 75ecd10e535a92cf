package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.source.SourceLimits;
import io.fanload.writer.testing.Jars;
import io.fanload.writer.testing.PilotFixture;
import io.fanload.writer.tools.ArchiveVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.fanload.writer.testing.Jars.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranks' JDK carried whole (launch --runtime): what of it, and the node's runnable copy. */
class RuntimeCopyTest {

    @TempDir
    Path dir;

    /** A JDK-shaped folder on the "shared file system", with what only development tools read. */
    private Path jdk() throws IOException {
        Path home = Files.createDirectories(dir.resolve("pfs/jdk"));
        Files.writeString(Files.createDirectories(home.resolve("bin")).resolve("java"), "#!/bin/sh\necho java\n");
        Files.setPosixFilePermissions(home.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(Files.createDirectories(home.resolve("lib/server")).resolve("libjvm.so"), new byte[4096]);
        Files.write(home.resolve("lib/modules"), new byte[8192]);
        Files.writeString(home.resolve("lib/jspawnhelper"), "#!/bin/sh\necho helper\n");
        Files.setPosixFilePermissions(home.resolve("lib/jspawnhelper"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("jvm.cfg"), "-server KNOWN\n");
        Files.createSymbolicLink(home.resolve("lib/jvm.cfg"), dir.resolve("etc/jvm.cfg")); // as Debian links it
        Files.createSymbolicLink(home.resolve("lib/src.zip"), dir.resolve("nowhere/src.zip")); // dangling
        Files.writeString(Files.createDirectories(home.resolve("jmods")).resolve("java.base.jmod"), "jmod");
        Files.writeString(Files.createDirectories(home.resolve("legal/java.base")).resolve("LICENSE"), "GPL");
        Files.writeString(Files.createDirectories(home.resolve("conf/security")).resolve("java.security"), "x=1\n");
        return home;
    }

    private Path archive(Path runtime) throws IOException {
        Path jar = Jars.jar(Files.createDirectories(dir.resolve("pfs/app")).resolve("app.jar"),
                Map.of("a/Main.class", utf8("main")));
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, Runtime.version().feature()).classPath(jar).found(0, "a/Main.class", utf8("main")).writeInto(pilot);
        Path archive = dir.resolve(runtime == null ? "plain.fanload" : "runtime.fanload");
        ArchiveBuilder.build(pilot, archive, SourceLimits.DEFAULT, runtime);
        return archive;
    }

    @Test
    void theArchiveCarriesWhatARunningJvmReadsOfTheJdkAndSaysWhere() throws IOException {
        Path home = jdk();
        try (ArchiveReader reader = ArchiveReader.open(archive(home))) {
            List<String> paths = reader.wholeFileTable().files().stream().map(WholeFile::path).toList();
            assertEquals(List.of(dir.resolve("pfs/app/app.jar").toString(), home.resolve("bin/java").toString(),
                    home.resolve("conf/security/java.security").toString(), home.resolve("lib/jspawnhelper").toString(),
                    home.resolve("lib/jvm.cfg").toString(), home.resolve("lib/modules").toString(), home.resolve("lib/server/libjvm.so").toString()), paths,
                    "no jmods, licence texts or sources; a linked file under the name the JVM uses");
            assertEquals(home.toString(), reader.provenance(ArchiveFormat.PROVENANCE_RUNTIME_HOME));
            long runtimeSources = IntStream.range(0, reader.sourceCount())
                    .filter(i -> reader.source(i).kind() == ArchiveFormat.SOURCE_RUNTIME).count();
            assertEquals(6, runtimeSources, "each runtime file has its source row, for verify and the staleness stat");
            assertTrue(ArchiveVerifier.verify(reader.file()).sound(), "verify checks the runtime's bytes too");
        }
        try (ArchiveReader reader = ArchiveReader.open(archive(null))) {
            assertNull(reader.provenance(ArchiveFormat.PROVENANCE_RUNTIME_HOME));
            assertEquals(1, reader.wholeFileTable().files().size());
        }
    }

    @Test
    void aNodesCopyOfTheRuntimeRunsWhereTheJdksFilesAreRunnable() throws Exception {
        Path home = jdk();
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("shm/node"));
        try (ArchiveReader reader = ArchiveReader.open(archive(home))) {
            ClassPathCopies.ensure(reader, layout);
        }
        assertRuns(Path.of(layout.copyOf(home.toString())));
        Path cfg = Path.of(layout.copyOf(home.resolve("lib/jvm.cfg").toString()));
        assertFalse(Files.isSymbolicLink(cfg), "a copy of the linked file's content, needing nothing outside");
        assertEquals("-server KNOWN\n", Files.readString(cfg));
        Path app = Path.of(layout.copyOf(dir.resolve("pfs/app/app.jar").toString()));
        assertFalse(Files.isExecutable(app), "the class path's copies keep their default modes");
    }

    @Test
    void copiesWrittenWhileTheArchiveArrivedAreMadeRunnableToo() throws Exception {
        Path home = jdk();
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("shm/node"));
        Path archive = archive(home);
        StreamingCopies copies = new StreamingCopies(layout);
        copies.accept(0, ByteBuffer.wrap(Files.readAllBytes(archive)));
        assertTrue(copies.done(), "every carried file written from the stream");
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(0, ClassPathCopies.ensure(reader, layout, true));
        }
        assertRuns(Path.of(layout.copyOf(home.toString())));
    }

    /** The launcher and the JDK's helper program of a node's runtime copy run. */
    private static void assertRuns(Path copy) throws Exception {
        for (String program : List.of("bin/java", "lib/jspawnhelper")) {
            Path file = copy.resolve(program);
            assertTrue(Files.isExecutable(file), program + " executable, though the table keeps no modes");
            Process run = new ProcessBuilder(file.toString()).redirectErrorStream(true).start();
            String name = program.equals("bin/java") ? "java" : "helper";
            assertEquals(name + "\n", new String(run.getInputStream().readAllBytes()));
            assertEquals(0, run.waitFor());
        }
    }

    @Test
    void aFolderThatIsNoJdkIsRefusedWithOneLine() throws IOException {
        Path notJdk = Files.createDirectories(dir.resolve("pfs/not-a-jdk"));
        IOException e = assertThrows(IOException.class, () -> archive(notJdk));
        assertTrue(e.getMessage().contains("is not a JDK"), e.getMessage());
    }
}
