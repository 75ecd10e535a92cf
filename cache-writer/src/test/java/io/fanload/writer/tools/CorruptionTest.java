package io.fanload.writer.tools;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.WholeFileTable;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.EntryCodec;
import io.fanload.writer.archive.HitSpec;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.testing.Reseal;
import io.fanload.hooks.archive.EntryKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every way an archive can be broken ends in one line and never in running bad bytes. */
class CorruptionTest {

    @TempDir
    Path dir;
    private Path archive;
    private byte[] good;

    @BeforeEach
    void writeSmallArchive() throws IOException {
        archive = dir.resolve("small.fanload");
        // one carried whole file, so that every byte of the v2 whole-file part is flipped too
        Path jar = Files.writeString(dir.resolve("whole.jar"), "whole-file-bytes-".repeat(8));
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Files.readAllBytes(jar));
        List<WholeFileTable.WholeFile> whole = List.of(new WholeFileTable.WholeFile(jar.toString(), Files.size(jar),
                Files.getLastModifiedTime(jar).to(java.util.concurrent.TimeUnit.NANOSECONDS), (int) crc.getValue(), 0));
        try (ArchiveWriter writer = ArchiveWriter.create(archive, 17, false, whole, List.of())) {
            writer.addSource(jar.toString(), ArchiveFormat.SOURCE_JAR, whole.get(0).size(), whole.get(0).mtimeNanos(),
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
            writer.addOrigin("/pfs/a.jar", ArchiveFormat.ORIGIN_JAR, false, ArchiveFormat.NONE, null);
            byte[] cls = "class-bytes-".repeat(20).getBytes(StandardCharsets.UTF_8);
            writer.addName("a/B.class", List.of(new HitSpec(0, ArchiveFormat.NONE, EntryKind.CLASS, 1, writer.addBlob(cls))));
            writer.addName("a/c.txt", List.of(new HitSpec(0, ArchiveFormat.NONE, EntryKind.RESOURCE, 2,
                    writer.addBlob("xyz".getBytes(StandardCharsets.UTF_8)))));
            writer.addName("a/Gone.class", List.of());
            writer.addProvenance("command", "java Main");
            writer.commit();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        good = Files.readAllBytes(archive);
    }

    @Test
    void everySingleBitFlipIsCaughtByVerify() throws IOException {
        assertTrue(ArchiveVerifier.verify(archive).sound());
        Path broken = dir.resolve("broken.fanload");
        for (int offset = 0; offset < good.length; offset++) {
            for (int bit : new int[] {0, 7}) {
                byte[] bytes = good.clone();
                bytes[offset] ^= (byte) (1 << bit);
                Files.write(broken, bytes);
                ArchiveVerifier.Report report = ArchiveVerifier.verify(broken);
                assertFalse(report.sound(), "flip of bit " + bit + " at byte " + offset + " of " + good.length + " went unnoticed");
                for (String problem : report.problems()) {
                    assertFalse(problem.contains("\n"), problem);
                }
            }
        }
    }

    @Test
    void everyFlipIsCaughtBeforeARankCouldRunTheBytes() throws IOException {
        // A rank's path: the node agent expands the archive (header, trailer and index CRC32C; per
        // entry xxHash64 + CRC32C) and ranks map only the image. Even without the whole-archive
        // SHA-256 (which the tree checks), no flipped byte may reach an image.
        Path broken = dir.resolve("broken.fanload");
        for (int offset = 0; offset < good.length; offset++) {
            byte[] bytes = good.clone();
            bytes[offset] ^= 0x10;
            Files.write(broken, bytes);
            NodeImageLayout layout = new NodeImageLayout(dir.resolve("node-" + offset));
            try {
                NodeImages.prepare(broken, layout);
            } catch (ArchiveException e) {
                assertFalse(NodeImages.isReady(layout));
                continue;
            }
            fail("flip at byte " + offset + " of " + good.length + " reached a node image");
        }
    }

    @Test
    void truncationAtAnyLengthIsRefused() throws IOException {
        Path cut = dir.resolve("cut.fanload");
        for (int length = 0; length < good.length; length += 7) {
            Files.write(cut, Arrays.copyOf(good, length));
            ArchiveException e = assertThrows(ArchiveException.class, () -> ArchiveReader.open(cut), "length " + length);
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            assertFalse(ArchiveVerifier.verify(cut).sound());
        }
    }

    @Test
    void wrongMagicAndNewerOrOlderVersionSayWhatIsWrong() throws IOException {
        byte[] bytes = good.clone();
        bytes[1] = 'X';
        Path file = dir.resolve("magic.fanload");
        Files.write(file, bytes);
        assertTrue(assertThrows(ArchiveException.class, () -> ArchiveReader.open(file)).getMessage().contains("wrong magic"));

        bytes = good.clone();
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(ArchiveFormat.H_VERSION, (short) 3);
        Files.write(file, Reseal.reseal(bytes));
        String message = assertThrows(ArchiveException.class, () -> ArchiveReader.open(file)).getMessage();
        assertTrue(message.contains("version 3 is newer"), message);

        header.putShort(ArchiveFormat.H_VERSION, (short) 1);
        Files.write(file, Reseal.reseal(bytes));
        message = assertThrows(ArchiveException.class, () -> ArchiveReader.open(file)).getMessage();
        assertTrue(message.contains("version 1 was made by an older fanload") && message.contains("run the pilot again"),
                message);
    }

    @Test
    void indexPointingOutsideTheDataRegionOrAnEntryLongerThanDeclaredIsRefused() throws IOException {
        Path file = dir.resolve("index.fanload");
        // Rewrite the first hit's data offset past the end, with every checksum made consistent, as
        // a malicious writer would: the reader's bounds checks must still refuse it.
        byte[] bytes = forgeHit(ArchiveFormat.HT_DATA_OFFSET, 1L << 40);
        Files.write(file, bytes);
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            String message = assertThrows(ArchiveException.class, () -> reader.storedContent(0)).getMessage();
            assertTrue(message.contains("outside the data region"), message);
        }
        // An offset so large that offset + length wraps around to a negative number.
        Files.write(file, forgeHit(ArchiveFormat.HT_DATA_OFFSET, Long.MAX_VALUE - 8));
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            String message = assertThrows(ArchiveException.class, () -> reader.storedContent(0)).getMessage();
            assertTrue(message.contains("outside the data region"), message);
        }
        bytes = forgeHit(ArchiveFormat.HT_RAW_LENGTH, 100_000);
        Files.write(file, bytes);
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            var hit = reader.hit(0);
            String message = assertThrows(ArchiveException.class, () -> EntryCodec.decode(reader.storedContent(0),
                    hit.codec(), hit.rawLength(), "entry 0")).getMessage();
            assertTrue(message.contains("decompressed to") || message.contains("index says"), message);
        }
        // A raw length no LZ4 block of that size can produce is refused before anything is allocated
        // for it (found by ArchiveReaderFuzzTest: the decoder allocated what the index said).
        for (long forged : new long[] {Integer.MAX_VALUE, -1}) {
            Files.write(file, forgeHit(ArchiveFormat.HT_RAW_LENGTH, forged));
            try (ArchiveReader reader = ArchiveReader.open(file)) {
                var hit = reader.hit(0);
                String message = assertThrows(ArchiveException.class, () -> EntryCodec.decode(reader.storedContent(0),
                        hit.codec(), hit.rawLength(), "entry 0")).getMessage();
                assertTrue(message.contains("LZ4 bytes can hold"), message);
            }
        }
        assertFalse(ArchiveVerifier.verify(file).sound());
    }

    @Test
    void aReferenceToARecordThatDoesNotExistIsRefusedByVerifyAndByTheNodeImage() throws IOException {
        // Entry 0 claims origin 7 of 1, checksums recomputed: the digest of such an archive is right,
        // so only the references can catch it (NodeImagesFuzzTest found two such archives).
        Path file = dir.resolve("reference.fanload");
        Files.write(file, forgeHit(ArchiveFormat.HT_ORIGIN, 7));
        ArchiveVerifier.Report report = ArchiveVerifier.verify(file);
        assertFalse(report.sound());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains("entry 0 refers to origin 7 of 1")),
                report.problems().toString());
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        String message = assertThrows(ArchiveException.class, () -> NodeImages.prepare(file, layout)).getMessage();
        assertTrue(message.contains("entry 0 refers to origin 7 of 1 (inconsistent index)"), message);
        assertFalse(NodeImages.isReady(layout));
    }

    @Test
    void aRepeatedNameOrNamesOutOfHashOrderAreRefusedByVerifyAndByTheNodeImage() throws IOException {
        Path file = dir.resolve("names.fanload");
        // Row 0 made a twin of row 1 (hash and name), checksums recomputed.
        byte[] twin = good.clone();
        ByteBuffer buffer = ByteBuffer.wrap(twin).order(ByteOrder.LITTLE_ENDIAN);
        int names = section(buffer, twin.length, ArchiveFormat.SECTION_NAMES);
        buffer.putInt(names + ArchiveFormat.N_HASH, buffer.getInt(names + 24 + ArchiveFormat.N_HASH));
        buffer.putLong(names + ArchiveFormat.N_NAME, buffer.getLong(names + 24 + ArchiveFormat.N_NAME));
        Files.write(file, Reseal.reseal(twin));
        assertRefused(file, "name row 1 repeats ");
        // Row 0 given the largest hash: the rows after it are out of order, lookups would miss them.
        byte[] unsorted = good.clone();
        buffer = ByteBuffer.wrap(unsorted).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(names + ArchiveFormat.N_HASH, Integer.MAX_VALUE);
        Files.write(file, Reseal.reseal(unsorted));
        assertRefused(file, "name row 1 is out of hash order");
    }

    private void assertRefused(Path file, String problem) throws IOException {
        ArchiveVerifier.Report report = ArchiveVerifier.verify(file);
        assertFalse(report.sound());
        assertTrue(report.problems().stream().anyMatch(p -> p.contains(problem)), report.problems().toString());
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node-" + file.getFileName()));
        String message = assertThrows(ArchiveException.class, () -> NodeImages.prepare(file, layout)).getMessage();
        assertTrue(message.contains(problem) && message.contains("(inconsistent index)"), message);
        assertFalse(NodeImages.isReady(layout));
    }

    private static int section(ByteBuffer buffer, int length, int section) {
        return (int) buffer.getLong(length - ArchiveFormat.TRAILER_SIZE + ArchiveFormat.T_SECTIONS + 16 * section);
    }

    /** The archive with one field of hit 0 replaced, and the index and trailer checksums recomputed. */
    private byte[] forgeHit(int field, long value) throws IOException {
        byte[] bytes = good.clone();
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int trailer = bytes.length - ArchiveFormat.TRAILER_SIZE;
        int hits = (int) buffer.getLong(trailer + ArchiveFormat.T_SECTIONS + 16 * ArchiveFormat.SECTION_HITS);
        if (field == ArchiveFormat.HT_DATA_OFFSET) {
            buffer.putLong(hits + field, value);
        } else {
            buffer.putInt(hits + field, (int) value);
        }
        return Reseal.reseal(bytes);
    }

    private static String text(ArchiveReader reader, String name) throws IOException {
        int row = reader.findName(name);
        if (row < 0) {
            fail(name + " missing");
        }
        return new String(reader.rawBytes(reader.nameFirstHit(row)), StandardCharsets.UTF_8);
    }
}
