package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.DirectoryListing;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.testing.Jars;
import io.fanload.writer.tools.ArchiveVerifier;
import io.fanload.writer.testing.PilotFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.fanload.writer.testing.Jars.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The class path as node-local files: what the archive carries whole, and the copies a node writes. */
class ClassPathCopiesTest {

    @TempDir
    Path dir;

    private Path jar;
    private Path lib;
    private Path folder;

    /** A pilot over a jar, a second jar, and a folder with data the pilot never read. */
    private Path archive() throws IOException {
        Files.createDirectories(dir.resolve("pfs/app/lib"));
        jar = Jars.jar(dir.resolve("pfs/app/app.jar"), Map.of("a/Main.class", utf8("main"), "a/Unused.class", utf8("unused")));
        lib = Jars.jar(dir.resolve("pfs/app/lib/lib.jar"), Map.of("b/Util.class", utf8("util")));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_500_000_000_123L));
        folder = Files.createDirectories(dir.resolve("pfs/job"));
        Files.writeString(Files.createDirectories(folder.resolve("conf")).resolve("app.properties"), "x=1\n");
        Files.writeString(folder.resolve("data-never-read.bin"), "data");
        Files.createDirectories(folder.resolve("empty"));
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, Runtime.version().feature()).classPath(jar, lib, folder)
                .found(0, "a/Main.class", utf8("main"))
                .found(2, "conf/app.properties", utf8("x=1\n"))
                .absent("log4j2-test.properties")
                .writeInto(pilot);
        Path archive = dir.resolve("app.fanload");
        ArchiveBuilder.build(pilot, archive);
        return archive;
    }

    @Test
    void theArchiveCarriesEveryJarWholeAndWhatThePilotReadOfAFolder() throws IOException {
        try (ArchiveReader reader = ArchiveReader.open(archive())) {
            List<String> paths = reader.wholeFileTable().files().stream().map(WholeFile::path).toList();
            assertEquals(List.of(jar.toString(), lib.toString(), folder.resolve("conf/app.properties").toString()), paths);
            WholeFile first = reader.wholeFileTable().files().get(0);
            ByteBuffer content = reader.wholeFileContent(first);
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            assertArrayEquals(Files.readAllBytes(jar), bytes, "byte for byte");
            assertEquals(Files.getLastModifiedTime(jar).toMillis(), first.mtimeNanos() / 1_000_000);
            DirectoryListing listing = reader.listing(2);
            assertTrue(listing.mayExist("data-never-read.bin"), "every name of the folder is listed");
            assertTrue(listing.mayExist("empty/"));
            assertFalse(listing.mayExist("log4j2-test12345.properties"));
            assertNull(reader.listing(0), "a jar has no listing");
        }
    }

    @Test
    void aNodeImageHoldsCopiesAtTheirOriginalPathsUnderCpWithTheirMtimes() throws IOException {
        Path archive = archive();
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.prepare(archive, layout);
        Path copy = Path.of(layout.copyOf(jar.toString()));
        assertTrue(copy.startsWith(layout.classPathCopies()));
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(copy));
        assertEquals(Files.getLastModifiedTime(jar), Files.getLastModifiedTime(copy));
        assertEquals("x=1\n", Files.readString(Path.of(layout.copyOf(folder.resolve("conf/app.properties").toString()))));
        assertTrue(Files.isSymbolicLink(Path.of(layout.copyOf(folder.resolve("data-never-read.bin").toString()))),
                "what the pilot never read of a class-path folder is linked, not copied");
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertEquals(List.of(), image.wholeFileTable().files(), "the image ranks map does not hold the files again");
            assertTrue(image.listing(2).mayExist("data-never-read.bin"), "the image keeps the listings");
        }
    }

    @Test
    void copiesWrittenWhileStreamingInAnyPiecesAreWhatEnsureWouldWrite() throws IOException {
        Path archive = archive();
        byte[] bytes = Files.readAllBytes(archive);
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            NodeImageLayout layout = new NodeImageLayout(dir.resolve("stream-" + round));
            StreamingCopies streaming = new StreamingCopies(layout);
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(round < 10 ? 40 : 4000));
                streaming.accept(at, ByteBuffer.wrap(bytes, at, n).slice());
                at += n;
            }
            assertTrue(streaming.done(), "round " + round);
            try (ArchiveReader reader = ArchiveReader.open(archive)) {
                assertEquals(0, ClassPathCopies.ensure(reader, layout), "nothing left to write, round " + round);
            }
            assertArrayEquals(Files.readAllBytes(lib), Files.readAllBytes(Path.of(layout.copyOf(lib.toString()))));
        }
    }

    @Test
    void aCorruptCarriedFileNeverBecomesACopy() throws IOException {
        Path archive = archive();
        byte[] bytes = Files.readAllBytes(archive);
        long offset;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            offset = reader.wholeFileTable().files().get(1).offset();
        }
        bytes[(int) offset + 3] ^= 0x01;
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        StreamingCopies streaming = new StreamingCopies(layout);
        streaming.accept(0, ByteBuffer.wrap(bytes));
        assertFalse(streaming.done(), "streaming stops at the bad file");
        Path broken = dir.resolve("broken.fanload");
        Files.write(broken, bytes);
        try (ArchiveReader reader = ArchiveReader.open(broken)) {
            ArchiveException e = assertThrows(ArchiveException.class, () -> ClassPathCopies.ensure(reader, layout));
            assertTrue(e.getMessage().contains("failed its CRC32C check"), e.getMessage());
        }
        assertFalse(Files.exists(Path.of(layout.copyOf(lib.toString())))
                && Files.getLastModifiedTime(Path.of(layout.copyOf(lib.toString()))).equals(Files.getLastModifiedTime(lib)),
                "no checked-looking copy of the corrupt file");
    }

    @Test
    void whatAnApplicationKeepsBesideItsJarIsLinkedIntoTheCopyTree() throws IOException {
        // An application home: lib/app.jar on the class path, conf/ beside it, found from the jar's location.
        Path home = Files.createDirectories(dir.resolve("pfs/home"));
        Path app = Jars.jar(Files.createDirectories(home.resolve("lib")).resolve("app.jar"), Map.of("a/Main.class", utf8("m")));
        Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("app.properties"), "home=1\n");
        Files.writeString(home.resolve("lib/NOTICE"), "n");
        Path ext = Jars.jar(Files.createDirectories(home.resolve("lib/ext")).resolve("ext.jar"), Map.of("x/X.class", utf8("x")));
        Files.writeString(home.resolve("lib/ext/README"), "r");
        Path elsewhere = Jars.jar(Files.createDirectories(dir.resolve("elsewhere")).resolve("far.jar"), Map.of("f", utf8("f")));
        Path data = Files.createDirectories(dir.resolve("pfs/data"));
        Path tool = Jars.jar(data.resolve("tool.jar"), Map.of("t/T.class", utf8("t")));
        for (int i = 0; i < 1001; i++) { // a job folder of data: too many to link
            Files.writeString(data.resolve("part-" + i), "");
        }
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, Runtime.version().feature()).classPath(app, tool).found(0, "a/Main.class", utf8("m"))
                .openArchive(ext).openArchive(elsewhere).writeInto(pilot);
        Path archive = dir.resolve("home.fanload");
        ArchiveBuilder.build(pilot, archive);
        ArchiveVerifier.Report verified = ArchiveVerifier.verify(archive);
        assertTrue(verified.sound(), "a carried open jar has its source row: " + verified.problems());
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.prepare(archive, layout);

        Path conf = Path.of(layout.copyOf(home.resolve("conf").toString()));
        assertTrue(Files.isSymbolicLink(conf), "conf/ is linked to the original");
        assertEquals(home.resolve("conf"), Files.readSymbolicLink(conf));
        assertEquals("home=1\n", Files.readString(Path.of(layout.copyOf(home.resolve("lib/app.jar").toString()))
                .getParent().resolveSibling("conf").resolve("app.properties")), "found from the copy of the jar");
        assertTrue(Files.isSymbolicLink(Path.of(layout.copyOf(home.resolve("lib/NOTICE").toString()))));
        assertFalse(Files.isSymbolicLink(Path.of(layout.copyOf(home.resolve("lib").toString()))),
                "a folder on the way to a copy is a real folder");
        assertFalse(Files.exists(Path.of(layout.copyOf(data.resolve("part-0").toString())), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "a folder of more than 1,000 entries gets none linked");
        Path extCopy = Path.of(layout.copyOf(ext.toString()));
        assertTrue(Files.isRegularFile(extCopy, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "a jar the application held open beside its class path is carried whole");
        assertArrayEquals(Files.readAllBytes(ext), Files.readAllBytes(extCopy));
        assertTrue(Files.isSymbolicLink(extCopy.resolveSibling("README")), "and what is beside it linked");
        assertFalse(Files.exists(Path.of(layout.copyOf(elsewhere.toString())), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "an open jar far from the class path is not carried");
        NodeImages.prepare(archive, layout); // a second prepare leaves the links as they are
        assertTrue(Files.isSymbolicLink(conf));
    }
}
