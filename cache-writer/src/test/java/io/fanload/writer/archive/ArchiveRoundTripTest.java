package io.fanload.writer.archive;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.image.NodeImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveRoundTripTest {

    @TempDir
    Path dir;

    /** Writes a small archive: two origins, a shadowed resource, a negative entry, a native. */
    /**
     * The image's index is the archive's (ImageIndex): the same origins, signers, sources, names and
     * natives, byte for byte; each hit the same but for where its raw bytes are; one more provenance.
     */
    @Test
    void nodeImageKeepsTheArchivesIndexButForWhereEntriesAre() throws Exception {
        Path file = dir.resolve("app.fanload");
        ArchiveIdentity archive = writeSample(file, false);
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(file, layout);
        try (ArchiveReader source = ArchiveReader.open(file); ArchiveReader image = ArchiveReader.open(layout.image())) {
            for (int s : new int[] {ArchiveFormat.SECTION_ORIGINS, ArchiveFormat.SECTION_SIGNERS, ArchiveFormat.SECTION_SOURCES,
                    ArchiveFormat.SECTION_NAMES, ArchiveFormat.SECTION_NATIVES}) {
                assertEquals(source.sectionBytes(s), image.sectionBytes(s), "section " + s);
            }
            assertEquals(source.sectionBytes(ArchiveFormat.SECTION_POOL),
                    image.sectionBytes(ArchiveFormat.SECTION_POOL).limit(source.sectionBytes(ArchiveFormat.SECTION_POOL).remaining()));
            assertEquals(source.hitCount(), image.hitCount());
            for (int h = 0; h < source.hitCount(); h++) {
                Records.Hit before = source.hit(h);
                Records.Hit after = image.hit(h);
                assertEquals(List.of(before.origin(), before.signerSet(), before.rawLength(), before.xxhash64(), before.crc32c(),
                        before.kind(), before.lastModified()), List.of(after.origin(), after.signerSet(), after.rawLength(),
                        after.xxhash64(), after.crc32c(), after.kind(), after.lastModified()), "hit " + h);
                assertEquals(ArchiveFormat.CODEC_RAW, after.codec());
                assertEquals(after.rawLength(), after.storedLength());
                assertEquals(after.rawLength(), image.rawContent(h).remaining(), "hit " + h + ": its checksums hold in the image");
            }
            List<Map.Entry<String, String>> expected = new java.util.ArrayList<>(source.provenance());
            expected.add(Map.entry(NodeImages.EXPANDED_FROM, archive.sha256Hex()));
            assertEquals(expected, image.provenance());
        }
    }

    static ArchiveIdentity writeSample(Path file, boolean image) throws Exception {
        try (ArchiveWriter writer = ArchiveWriter.create(file, 17, image)) {
            int src = writer.addSource("/pfs/app/a.jar", ArchiveFormat.SOURCE_JAR, 1234, 5_000_000_000L, new byte[32]);
            HitSpec manifest = new HitSpec(0, ArchiveFormat.NONE, EntryKind.RESOURCE, 1000,
                    writer.addBlob("Manifest-Version: 1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
            writer.addOrigin("/pfs/app/a.jar", ArchiveFormat.ORIGIN_JAR, false, src, manifest);
            writer.addOrigin("/pfs/app/classes", ArchiveFormat.ORIGIN_DIRECTORY, false, ArchiveFormat.NONE, null);
            byte[] cls = new byte[5000];
            Arrays.fill(cls, (byte) 7); // compressible
            writer.addName("com/x/Y.class", List.of(new HitSpec(0, ArchiveFormat.NONE, EntryKind.CLASS, 2000, writer.addBlob(cls))));
            byte[] random = new byte[3000];
            new Random(1).nextBytes(random); // incompressible: stored raw
            writer.addName("conf/app.properties", List.of(
                    new HitSpec(0, ArchiveFormat.NONE, EntryKind.RESOURCE, 3000, writer.addBlob(random)),
                    new HitSpec(1, ArchiveFormat.NONE, EntryKind.RESOURCE, 4000, writer.addBlob("b=2".getBytes(StandardCharsets.UTF_8)))));
            writer.addName("META-INF/MANIFEST.MF", List.of(manifest));
            writer.addName("com/x/Missing.class", List.of());
            writer.addName("caf\u00e9/r\u00e9sum\u00e9.txt", List.of(new HitSpec(1, ArchiveFormat.NONE, EntryKind.RESOURCE, 0,
                    writer.addBlob(new byte[0]))));
            HitSpec lib = new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE, EntryKind.NATIVE, 0,
                    writer.addBlob("\u007fELF-not-really".getBytes(StandardCharsets.UTF_8)));
            writer.addNative("libfoo.so", "libfoo.so.1", "/pfs/app/lib/libfoo.so", List.of("libc.so.6", "libbar.so"),
                    lib, ArchiveFormat.NONE, 0, ArchiveFormat.NATIVE_BY_NAME);
            writer.addProvenance("command", "java -cp a.jar Main");
            writer.addProvenance("jdk.feature", "17");
            return writer.commit();
        }
    }

    @Test
    void writtenArchiveReadsBackInPlace() throws Exception {
        Path file = dir.resolve("app.fanload");
        ArchiveIdentity identity = writeSample(file, false);
        assertEquals(Files.size(file), identity.totalSize());
        byte[] bytes = Files.readAllBytes(file);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, bytes.length - ArchiveFormat.TRAILER_SIZE));
        assertArrayEquals(digest, identity.sha256());
        assertArrayEquals(digest, ArchiveIdentity.read(file).sha256());

        try (ArchiveReader reader = ArchiveReader.open(file)) {
            assertEquals(17, reader.feature());
            assertFalse(reader.isImage());
            assertArrayEquals(digest, reader.digest());
            int row = reader.findName("conf/app.properties");
            assertEquals(2, reader.nameHitCount(row));
            int first = reader.nameFirstHit(row);
            assertEquals(0, reader.hitOrigin(first));
            assertEquals(1, reader.hitOrigin(first + 1));
            assertEquals(4000, reader.hitLastModified(first + 1));
            Records.Hit random = reader.hit(first);
            assertEquals(ArchiveFormat.CODEC_RAW, random.codec(), "incompressible data is stored raw");
            Records.Hit cls = reader.hit(reader.nameFirstHit(reader.findName("com/x/Y.class")));
            assertEquals(ArchiveFormat.CODEC_LZ4_BLOCK, cls.codec());
            assertTrue(cls.storedLength() < 200);
            ByteBuffer decoded = EntryCodec.decodeVerified(reader.storedContent(reader.nameFirstHit(reader.findName("com/x/Y.class"))),
                    cls.codec(), cls.rawLength(), cls.xxhash64(), cls.crc32c(), "test");
            assertEquals(5000, decoded.remaining());
            assertThrows(ArchiveException.class, () -> reader.rawContent(reader.nameFirstHit(reader.findName("com/x/Y.class"))),
                    "ranks never decompress");
            assertEquals(0, reader.nameHitCount(reader.findName("com/x/Missing.class")), "negative entry");
            assertEquals(-1, reader.findName("com/x/Other.class"), "never recorded");
            assertEquals(-1, reader.findName("com/x/Y.clas"));
            assertTrue(reader.findName("caf\u00e9/r\u00e9sum\u00e9.txt") >= 0, "non-ASCII names");
            assertEquals(-1, reader.findName("caf\u00e9/r\u00e9sume.txt"));
            Records.Origin origin = reader.origin(0);
            assertEquals("/pfs/app/a.jar", origin.path());
            assertEquals(reader.nameFirstHit(reader.findName("META-INF/MANIFEST.MF")), origin.manifestHit(),
                    "an origin's manifest shares the name's row");
            assertEquals(ArchiveFormat.NONE, reader.origin(1).manifestHit());
            Records.Native lib = reader.nativeAt(reader.findNative("libfoo.so"));
            assertEquals("libfoo.so.1", lib.soname());
            assertEquals(List.of("libc.so.6", "libbar.so"), lib.needed());
            assertEquals("java -cp a.jar Main", reader.provenance("command"));
            assertEquals(5_000_000_000L, reader.source(0).mtimeNanos());
            assertThrows(ArchiveException.class, () -> reader.requireFeature(25));
            reader.requireFeature(17);
        }
    }

    @Test
    void nodeImageHoldsRawEntriesAndNatives() throws Exception {
        Path file = dir.resolve("app.fanload");
        ArchiveIdentity archive = writeSample(file, false);
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        ArchiveIdentity image = NodeImages.install(file, layout);
        assertTrue(NodeImages.isReady(layout));
        assertEquals("", Files.readString(layout.readyMarker()));
        assertEquals("0".repeat(64), image.sha256Hex(), "an image is not digested as a whole: entries and index have their checks");
        try (ArchiveReader reader = ArchiveReader.open(layout.image())) {
            assertTrue(reader.isImage());
            assertEquals(archive.sha256Hex(), reader.provenance(NodeImages.EXPANDED_FROM));
            byte[] cls = reader.rawBytes(reader.nameFirstHit(reader.findName("com/x/Y.class")));
            assertEquals(5000, cls.length);
            assertEquals(7, cls[4999]);
            int props = reader.nameFirstHit(reader.findName("conf/app.properties"));
            assertEquals("b=2", StandardCharsets.UTF_8.decode(reader.rawContent(props + 1)).toString());
            assertEquals(reader.nameFirstHit(reader.findName("META-INF/MANIFEST.MF")), reader.origin(0).manifestHit());
        }
        assertEquals("\u007fELF-not-really", Files.readString(layout.libraries().resolve("libfoo.so")));
        assertEquals(Path.of("libfoo.so"), Files.readSymbolicLink(layout.libraries().resolve("libfoo.so.1")));
    }

    @Test
    void uncommittedWriterLeavesNothingBehind() throws Exception {
        Path file = dir.resolve("app.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(file, 17, false)) {
            writer.addBlob(new byte[100]);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }
}
