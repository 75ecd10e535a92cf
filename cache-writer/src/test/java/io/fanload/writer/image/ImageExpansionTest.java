package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.build.ArchiveBuilder;
import io.fanload.writer.testing.Jars;
import io.fanload.writer.testing.PilotFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An image expanded while its archive still arrives, its index read first. */
class ImageExpansionTest {

    @TempDir
    Path dir;

    private final Map<String, byte[]> classes = new HashMap<>();

    /** An archive of 40 entries, half of them compressible, over one jar. */
    private Path archive() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] content = new byte[3000 + i * 97];
            if (i % 2 == 0) {
                random.nextBytes(content);
            }
            content[0] = (byte) i;
            classes.put("p/C" + i + ".class", content);
        }
        Path jar = Jars.jar(Files.createDirectories(dir.resolve("pfs")).resolve("app.jar"), classes);
        PilotFixture pilot = new PilotFixture(0, Runtime.version().feature()).classPath(jar);
        classes.forEach((name, content) -> pilot.found(0, name, content));
        Path records = Files.createDirectories(dir.resolve("pilot"));
        pilot.writeInto(records);
        Path archive = dir.resolve("app.fanload");
        ArchiveBuilder.build(records, archive);
        return archive;
    }

    @Test
    void entriesExpandedAsTheArchiveArrivesMakeTheSameImage() throws IOException {
        Path archive = archive();
        byte[] bytes = Files.readAllBytes(archive);
        long dataEnd;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            dataEnd = reader.dataEnd();
        }
        // What the node that reads the archive itself has: the index and the trailer, then the
        // bytes from the start, in steps; zeros where nothing arrived yet.
        Path arriving = dir.resolve("node/archive.fanload");
        Files.createDirectories(arriving.getParent());
        try (RandomAccessFile file = new RandomAccessFile(arriving.toFile(), "rw")) {
            file.setLength(bytes.length);
            file.seek(dataEnd);
            file.write(bytes, (int) dataEnd, bytes.length - (int) dataEnd);
            file.seek(0);
            file.write(bytes, 0, ArchiveFormat.HEADER_SIZE);
        }
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        try (ArchiveReader early = ArchiveReader.open(arriving);
             ImageExpansion expansion = NodeImages.startExpansion(early, layout)) {
            try (RandomAccessFile file = new RandomAccessFile(arriving.toFile(), "rw")) {
                for (int end = 4096; end < dataEnd + 4096; end += 4096) {
                    int upTo = (int) Math.min(end, dataEnd);
                    file.seek(0);
                    file.write(bytes, 0, upTo);
                    // Entries beyond upTo are zeros here: expanding one would fail its checksums.
                    expansion.expandUpTo(upTo);
                }
            }
            NodeImages.publish(layout, NodeImages.stage(arriving, layout, false, expansion));
        }
        assertTrue(NodeImages.isReady(layout));
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertEquals(classes.size(), image.hitCount());
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                int row = image.findName(entry.getKey());
                ByteBuffer raw = image.rawContent(image.nameFirstHit(row));
                byte[] content = new byte[raw.remaining()];
                raw.get(content);
                assertArrayEquals(entry.getValue(), content, entry.getKey());
            }
        }
    }

    @Test
    void aCorruptEntryAmongTheFinalBytesIsRefusedAndLeavesNoImage() throws IOException {
        Path archive = archive();
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        long entryOffset;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            entryOffset = reader.hit(0).dataOffset();
        }
        byte[] bytes = Files.readAllBytes(archive);
        bytes[(int) entryOffset + 5] ^= 0x40;
        Path corrupt = Files.write(dir.resolve("corrupt.fanload"), bytes);
        try (ArchiveReader reader = ArchiveReader.open(corrupt)) {
            ImageExpansion expansion = NodeImages.startExpansion(reader, layout);
            ArchiveException e = assertThrows(ArchiveException.class, () -> expansion.expandUpTo(bytes.length));
            assertTrue(e.getMessage().contains("entry 0"), e.getMessage());
            expansion.close();
        }
        assertFalse(Files.exists(layout.image()), "an unfinished image is removed");
        try (var files = Files.list(layout.root())) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().contains(".tmp")).count(), "nor its temporary file");
        }
    }
}
