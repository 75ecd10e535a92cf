package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.HitSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteOrder;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node image built beside the digest while the archive arrives: copies from the verified prefix,
 * the image staged at the last byte, READY only after the digest matched — and never for an archive
 * with a corrupt chunk, whichever of the digest and the staging notices first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImageBuildTest {

    private static final String MISMATCH = "SHA-256 of the received archive does not match the coordinator's digest";
    private static final int CHUNK = 16 << 10;

    @TempDir
    Path tmp;

    private final ExecutorService loop = Executors.newSingleThreadExecutor();
    private final CompletableFuture<String> outcome = new CompletableFuture<>();
    private final CountDownLatch staged = new CountDownLatch(1);
    private Path jar;

    @AfterEach
    void stopLoop() {
        loop.shutdownNow();
    }

    @Test
    void anArchiveStreamedInChunksIsStagedAtItsLastByteAndReadyOnlyAfterItsDigest() throws Exception {
        NodeImageLayout layout = node(archiveBytes());
        ImageBuild build = build(layout);
        receive(build, layout);
        assertTrue(staged.await(30, TimeUnit.SECONDS), "staged without the digest");
        assertTrue(Files.isRegularFile(layout.image()));
        assertFalse(Files.exists(layout.readyMarker()), "no READY before the digest matched");
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(Path.of(layout.copyOf(jar.toString()))),
                "the class-path copy, written while the bytes arrived");
        onLoop(() -> build.digestChecked(null));
        assertEquals("READY", outcome.get(30, TimeUnit.SECONDS));
        assertTrue(Files.isRegularFile(layout.readyMarker()));
    }

    @Test
    void aCorruptEntryMidStreamFallsBackOnTheDigestAndIsNeverReady() throws Exception {
        NodeImageLayout layout = node(corruptEntry());
        ImageBuild build = receivedAndStaged(layout);
        assertFalse(outcome.isDone(), "a staging failure waits for the digest's verdict");
        onLoop(() -> build.digestChecked(MISMATCH));
        assertEquals("FAILED " + MISMATCH, outcome.get(30, TimeUnit.SECONDS), "the corrupt archive says so");
        onLoop(build::stop);
        assertFalse(Files.exists(layout.readyMarker()));
    }

    @Test
    void aStagingFailureStillFallsBackWhenTheDigestMatches() throws Exception {
        NodeImageLayout layout = node(corruptEntry());
        ImageBuild build = receivedAndStaged(layout);
        onLoop(() -> build.digestChecked(null));
        String result = outcome.get(30, TimeUnit.SECONDS);
        assertTrue(result.startsWith("FAILED cannot prepare the node-local image: "), result);
        assertFalse(Files.exists(layout.readyMarker()));
    }

    @Test
    void aCorruptCarriedFileMidStreamIsNeverReady() throws Exception {
        byte[] bytes = archiveBytes();
        long offset;
        Path intact = tmp.resolve("intact.fanload");
        Files.write(intact, bytes);
        try (ArchiveReader reader = ArchiveReader.open(intact)) {
            offset = reader.wholeFileTable().files().get(0).offset();
        }
        bytes[(int) offset + CHUNK + 5] ^= 0x01;
        NodeImageLayout layout = node(bytes);
        ImageBuild build = receivedAndStaged(layout);
        onLoop(() -> build.digestChecked(MISMATCH));
        assertEquals("FAILED " + MISMATCH, outcome.get(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(layout.readyMarker()));
        assertEquals(1, staged.getCount(), "a corrupt carried file stops the staging");
    }

    @Test
    void aDigestMismatchAfterTheStagingNeverPublishes() throws Exception {
        NodeImageLayout layout = node(archiveBytes());
        ImageBuild build = build(layout);
        receive(build, layout);
        assertTrue(staged.await(30, TimeUnit.SECONDS));
        onLoop(() -> build.digestChecked(MISMATCH));
        assertEquals("FAILED " + MISMATCH, outcome.get(30, TimeUnit.SECONDS));
        onLoop(build::stop);
        Thread.sleep(100); // nothing published later either
        assertFalse(Files.exists(layout.readyMarker()));
    }

    @Test
    void onTheReadingNodeEntriesAreExpandedAsTheyArriveWhenTheIndexCameFirst() throws Exception {
        byte[] bytes = archiveBytes();
        NodeImageLayout layout = indexFirst(bytes);
        ImageBuild build = build(layout);
        build.indexRead(dataEnd(bytes), Arrays.copyOfRange(bytes, (int) dataEnd(bytes), bytes.length));
        arrive(build, layout, bytes);
        assertTrue(staged.await(30, TimeUnit.SECONDS));
        assertEquals(12, build.expandedBeforeLastByte(), "every entry before the last byte (zeros were beyond each offer)");
        onLoop(() -> build.digestChecked(null));
        assertEquals("READY", outcome.get(30, TimeUnit.SECONDS));
        assertImageHoldsTheEntries(layout);
    }

    @Test
    void anIndexThatIsNotTheOneReadFirstIsExpandedAgainFromTheWholeArchive() throws Exception {
        // The archive changed between the reader's two reads: the same data, the names given to the
        // entries the other way round. The image must be the whole archive's, as it was read last.
        byte[] before = namedArchive(false);
        byte[] after = namedArchive(true);
        assertEquals(before.length, after.length);
        assertEquals(dataEnd(before), dataEnd(after));
        NodeImageLayout layout = indexFirst(before);
        ImageBuild build = build(layout);
        build.indexRead(dataEnd(before), Arrays.copyOfRange(before, (int) dataEnd(before), before.length));
        arrive(build, layout, after);
        assertTrue(staged.await(30, TimeUnit.SECONDS));
        onLoop(() -> build.digestChecked(null));
        assertEquals("READY", outcome.get(30, TimeUnit.SECONDS));
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            for (int i = 0; i < 12; i++) {
                ByteBuffer raw = image.rawContent(image.nameFirstHit(image.findName("e" + i + ".bin")));
                assertEquals(11 - i, raw.get(0), "e" + i + ".bin has the content the archive gives it last");
            }
        }
    }

    /**
     * 12 entries of distinct content (the first byte is the entry's number), named {@code e<number>}
     * or, {@code reversed}, {@code e<11 - number>}.
     */
    private byte[] namedArchive(boolean reversed) throws IOException {
        Random random = new Random(23);
        Path archive = tmp.resolve("named.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false)) {
            for (int i = 0; i < 12; i++) {
                byte[] entry = new byte[4 << 10];
                random.nextBytes(entry);
                entry[0] = (byte) i;
                writer.addName("e" + (reversed ? 11 - i : i) + ".bin", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        EntryKind.RESOURCE, 0, writer.addBlob(entry))));
            }
            writer.addProvenance("created", "0");
            writer.commit();
        }
        byte[] bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        return bytes;
    }

    /** The node's copy as its reader leaves it after reading the index first: the index, zeros before it. */
    private NodeImageLayout indexFirst(byte[] bytes) throws IOException {
        byte[] copy = new byte[bytes.length];
        int dataEnd = (int) dataEnd(bytes);
        System.arraycopy(bytes, dataEnd, copy, dataEnd, bytes.length - dataEnd);
        return node(copy);
    }

    /** The bytes arrive chunk by chunk in the copy, each offered once written; then the last byte. */
    private void arrive(ImageBuild build, NodeImageLayout layout, byte[] bytes) throws Exception {
        try (FileChannel copy = FileChannel.open(layout.archive(), StandardOpenOption.WRITE)) {
            for (int at = 0; at < bytes.length; at += CHUNK) {
                int length = Math.min(CHUNK, bytes.length - at);
                copy.write(ByteBuffer.wrap(bytes, at, length), at);
                long offered = at + length;
                onLoop(() -> build.offer(offered));
                Thread.sleep(5); // the image's thread gets to each offer (zeros lie beyond it)
            }
        }
        onLoop(build::complete);
    }

    private static long dataEnd(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .getLong(bytes.length - ArchiveFormat.TRAILER_SIZE + ArchiveFormat.T_DATA_END);
    }

    private static void assertImageHoldsTheEntries(NodeImageLayout layout) throws IOException {
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertEquals(12, image.hitCount());
            for (int i = 0; i < 12; i++) {
                assertEquals(8 << 10, image.rawContent(image.nameFirstHit(image.findName("res/r" + i + ".bin"))).remaining());
            }
        }
    }

    private ImageBuild build(NodeImageLayout layout) {
        return new ImageBuild(ImagePreparer.NODE_IMAGE, layout, layout.archive(), "test", loop, at -> { }, entries -> staged.countDown(),
                () -> outcome.complete("READY"), reason -> outcome.complete("FAILED " + reason));
    }

    /** The verified prefix grows chunk by chunk, as the agent's loop offers it; then the last byte. */
    private void receive(ImageBuild build, NodeImageLayout layout) throws Exception {
        long size = Files.size(layout.archive());
        for (long verified = CHUNK; ; verified += CHUNK) {
            long offered = Math.min(verified, size);
            onLoop(() -> build.offer(offered));
            if (offered == size) {
                break;
            }
        }
        onLoop(build::complete);
    }

    /** The whole archive offered chunk by chunk, then its staging over (successfully or not). */
    private ImageBuild receivedAndStaged(NodeImageLayout layout) throws Exception {
        ImageBuild build = build(layout);
        receive(build, layout);
        awaitStagingOver();
        return build;
    }

    /** The archive with a flipped bit in the middle of an entry's stored bytes. */
    private byte[] corruptEntry() throws IOException {
        byte[] bytes = archiveBytes();
        bytes[middleOfAnEntry(bytes)] ^= 0x10;
        return bytes;
    }

    /** Staging has run (successfully or not), or long enough that it would have. */
    private void awaitStagingOver() throws Exception {
        for (int i = 0; i < 100 && staged.getCount() > 0; i++) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }

    private void onLoop(Runnable task) throws Exception {
        loop.submit(task).get(30, TimeUnit.SECONDS);
    }

    private NodeImageLayout node(byte[] archive) throws IOException {
        NodeImageLayout layout = new NodeImageLayout(Files.createDirectories(tmp.resolve("node")));
        Files.write(layout.archive(), archive);
        return layout;
    }

    /** A byte in the middle of the first stored entry's bytes. */
    private int middleOfAnEntry(byte[] bytes) throws IOException {
        Path file = tmp.resolve("probe.fanload");
        Files.write(file, bytes);
        try (ArchiveReader reader = ArchiveReader.open(file)) {
            Records.Hit hit = reader.hit(0);
            return (int) (hit.dataOffset() + hit.storedLength() / 2);
        }
    }

    /** A real archive: one carried jar of several chunks, then compressible and random entries. */
    private byte[] archiveBytes() throws IOException {
        Random random = new Random(19);
        jar = Files.createDirectories(tmp.resolve("pfs/app")).resolve("app.jar");
        byte[] content = new byte[5 * CHUNK + 123];
        random.nextBytes(content);
        Files.write(jar, content);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_600_000_000_000L));
        CRC32C crc = new CRC32C();
        crc.update(content);
        WholeFile carried = new WholeFile(jar.toString(), content.length,
                Files.getLastModifiedTime(jar).to(TimeUnit.NANOSECONDS), (int) crc.getValue(), 0);
        Path archive = tmp.resolve("app.fanload");
        try (ArchiveWriter writer = ArchiveWriter.create(archive, Runtime.version().feature(), false,
                List.of(carried), List.of())) {
            writer.addSource(jar.toString(), ArchiveFormat.SOURCE_JAR, content.length, 1, new byte[32]);
            for (int i = 0; i < 12; i++) {
                byte[] entry = new byte[8 << 10];
                if (i % 2 == 0) {
                    random.nextBytes(entry);
                }
                writer.addName("res/r" + i + ".bin", List.of(new HitSpec(ArchiveFormat.NONE, ArchiveFormat.NONE,
                        EntryKind.RESOURCE, 0, writer.addBlob(entry))));
            }
            writer.commit();
        }
        byte[] bytes = Files.readAllBytes(archive);
        Files.delete(archive);
        return bytes;
    }
}
