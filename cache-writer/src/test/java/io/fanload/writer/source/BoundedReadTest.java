package io.fanload.writer.source;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedReadTest {

    private static final SourceLimits LIMITS = new SourceLimits(1 << 20, 200, 64 << 10);

    @Test
    void readsExactlyTheDeclaredSize() throws IOException {
        assertEquals(100_000, BoundedRead.read(new ByteArrayInputStream(new byte[100_000]), 100_000, 90_000, LIMITS, "x").length);
        assertEquals(5, BoundedRead.read(new ByteArrayInputStream(new byte[5]), -1, -1, LIMITS, "x").length);
    }

    @Test
    void anEntryLongerOrShorterThanDeclaredIsRefused() {
        String longer = assertThrows(BuildException.class,
                () -> BoundedRead.read(new ByteArrayInputStream(new byte[101]), 100, 100, LIMITS, "a.jar!/x")).getMessage();
        assertEquals("a.jar!/x: entry is longer than its declared 100 bytes", longer);
        String shorter = assertThrows(BuildException.class,
                () -> BoundedRead.read(new ByteArrayInputStream(new byte[99]), 100, 100, LIMITS, "a.jar!/x")).getMessage();
        assertTrue(shorter.contains("shorter than its declared 100 bytes"), shorter);
    }

    @Test
    void limitsHoldEvenWhenTheDirectoryLies() {
        // Declares nothing, streams forever: stops at the limit instead of filling the heap.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        String unbounded = assertThrows(BuildException.class, () -> BoundedRead.read(endless, -1, -1, LIMITS, "x")).getMessage();
        assertTrue(unbounded.contains("exceeds the limit of 1048576 bytes"), unbounded);
        String ratio = assertThrows(BuildException.class, () -> BoundedRead.read(endless, -1, 100, LIMITS, "x")).getMessage();
        assertTrue(ratio.contains("zip bomb"), ratio);
        String declared = assertThrows(BuildException.class,
                () -> BoundedRead.read(endless, 2 << 20, 1 << 20, LIMITS, "x")).getMessage();
        assertTrue(declared.contains("exceeds the limit"), declared);
    }
}
