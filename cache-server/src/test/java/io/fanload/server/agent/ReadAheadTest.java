package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's reads ahead: every chunk once, in order, whole; an early end named; a close ends the thread. */
class ReadAheadTest {

    private static final int CHUNK = 4096;

    @TempDir
    Path dir;

    @Test
    void everyChunkComesOnceInOrderWithItsBytesWhileTheWorkKeepsFewBuffers() throws Exception {
        byte[] bytes = new byte[CHUNK * 21 + 123]; // more chunks than buffers, a short last one
        new Random(7).nextBytes(bytes);
        Path source = Files.write(dir.resolve("a.fanload"), bytes);
        try (LocalCopy copy = new LocalCopy(dir.resolve("copy"), bytes.length, CHUNK);
             FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             ReadAhead ahead = new ReadAhead(in, source, copy, CHUNK * 3L, bytes.length)) {
            ahead.start("test-read-ahead");
            int expected = 3;
            for (ReadAhead.Chunk c; (c = ahead.next()) != null; expected++) {
                assertEquals(expected, c.index());
                assertEquals((long) expected * CHUNK, c.offset());
                byte[] got = new byte[c.bytes().remaining()];
                c.bytes().get(got);
                byte[] want = java.util.Arrays.copyOfRange(bytes, expected * CHUNK,
                        Math.min(bytes.length, (expected + 1) * CHUNK));
                assertArrayEquals(want, got, "chunk " + expected);
                ahead.release(c.bytes());
            }
            assertEquals(22, expected, "chunks 3..21, then the end");
            assertNull(ahead.next(), "the end stays the end");
        }
        assertEquals(2, ReadAhead.depth(16 << 20));
        assertEquals(8, ReadAhead.depth(64 << 10));
    }

    @Test
    void aSourceShorterThanAnnouncedEndsWithItsName() throws Exception {
        Path source = Files.write(dir.resolve("short.fanload"), new byte[CHUNK + 10]);
        try (LocalCopy copy = new LocalCopy(dir.resolve("copy"), CHUNK * 3L, CHUNK);
             FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             ReadAhead ahead = new ReadAhead(in, source, copy, 0, CHUNK * 3L)) {
            ahead.start("test-read-ahead");
            ahead.release(ahead.next().bytes());
            IOException e = assertThrows(IOException.class, ahead::next);
            assertEquals(source + " ended early at " + (CHUNK + 10) + " bytes", e.getMessage());
        }
    }

    @Test
    void closingStopsTheReadsThoughNoBufferCameBack() throws Exception {
        Path source = Files.write(dir.resolve("a.fanload"), new byte[CHUNK * 64]);
        Thread reads;
        try (LocalCopy copy = new LocalCopy(dir.resolve("copy"), CHUNK * 64L, CHUNK);
             FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ReadAhead ahead = new ReadAhead(in, source, copy, 0, CHUNK * 64L);
            ahead.start("test-read-ahead-stop");
            reads = thread("test-read-ahead-stop");
            assertTrue(reads != null && reads.isDaemon());
            ahead.next(); // never released: the reads fill every buffer and wait
            ahead.close();
            reads.join(5_000);
            assertFalse(reads.isAlive(), "the reads' thread ended after close");
            assertNull(ahead.next(), "nothing more once closed");
        }
    }

    private static Thread thread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
    }
}
