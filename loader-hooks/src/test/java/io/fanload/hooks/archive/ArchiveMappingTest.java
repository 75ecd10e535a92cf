package io.fanload.hooks.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveMappingTest {

    @TempDir
    Path dir;

    /** The tests run on the JDK that built loader-hooks: a JDK 22+ build has SegmentMapping, and uses it there. */
    @Test
    void mapsThroughASegmentOnJdk22OrLater() {
        boolean built = ArchiveMapping.class.getResource("SegmentMapping.class") != null;
        assertEquals(Runtime.version().feature() >= 22, built, "the jdk22-classes profile follows the building JDK");
        if (Runtime.version().feature() >= 22) {
            assertNotNull(ArchiveMapping.segmentMapper(), "found by name, installed by its initialiser");
        } else {
            assertNull(ArchiveMapping.segmentMapper());
        }
    }

    @Test
    void theMappingHoldsTheFilesBytes() throws IOException {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("a.bin"), bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer map = ArchiveMapping.map(channel, bytes.length);
            assertTrue(map.isReadOnly());
            assertEquals(bytes.length, map.remaining());
            byte[] back = new byte[bytes.length];
            map.get(back);
            assertEquals(ByteBuffer.wrap(bytes), ByteBuffer.wrap(back));
        }
    }
}
