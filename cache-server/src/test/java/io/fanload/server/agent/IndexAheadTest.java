package io.fanload.server.agent;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a node takes as the index region ahead from its parent, and what it skips. */
class IndexAheadTest {

    private static final long SIZE = 10_000;
    private static final long OFFSET = 7_000;
    private final byte[] region = random((int) (SIZE - OFFSET));

    @Test
    void framesInOrderWithTheirChecksumsMakeTheWholeRegion() {
        IndexAhead.Incoming in = new IndexAhead.Incoming(SIZE);
        assertNull(frame(in, 0, 1024, 0), "not whole yet");
        assertNull(frame(in, 1024, 1024, 0));
        IndexAhead whole = frame(in, 2048, region.length - 2048, 0);
        assertEquals(OFFSET, whole.offset());
        assertArrayEquals(region, whole.bytes());
        assertFalse(in.begin(OFFSET, 10, 0), "one region per connection");
    }

    @Test
    void aFrameThatFailsItsChecksumEndsTheRegion() {
        IndexAhead.Incoming in = new IndexAhead.Incoming(SIZE);
        assertNull(frame(in, 0, 1024, 1));
        assertFalse(in.begin(OFFSET + 1024, 1024, 0), "the rest is skipped");
    }

    @Test
    void aGapOrAnOverlapEndsTheRegion() {
        IndexAhead.Incoming gap = new IndexAhead.Incoming(SIZE);
        assertNull(frame(gap, 0, 1024, 0));
        assertFalse(gap.begin(OFFSET + 2048, 512, 0));
        IndexAhead.Incoming overlap = new IndexAhead.Incoming(SIZE);
        assertNull(frame(overlap, 0, 1024, 0));
        assertFalse(overlap.begin(OFFSET + 512, 1024, 0));
    }

    @Test
    void aRegionThatIsNotAnIndexIsNotTaken() {
        assertFalse(new IndexAhead.Incoming(SIZE).begin(10, 100, 0), "inside the header");
        assertFalse(new IndexAhead.Incoming(SIZE).begin(SIZE, 1, 0), "past the end");
        long huge = IndexAhead.MAX_BYTES + 100_000L;
        assertFalse(new IndexAhead.Incoming(huge).begin(100, 1024, 0), "more than a node keeps ahead");
        assertTrue(IndexAhead.plausible(OFFSET, SIZE));
    }

    @Test
    void aFrameReachingPastTheArchiveIsRefused() {
        IndexAhead.Incoming in = new IndexAhead.Incoming(SIZE);
        assertFalse(in.begin(OFFSET, region.length + 1, 0));
    }

    /** Sends {@code length} bytes at {@code at} of the region; {@code flip} != 0 spoils the checksum. */
    private IndexAhead frame(IndexAhead.Incoming in, int at, int length, int flip) {
        assertTrue(in.begin(OFFSET + at, length, crc(at, length) ^ flip));
        int half = length / 2;
        in.part(Unpooled.wrappedBuffer(region, at, half));
        in.part(Unpooled.wrappedBuffer(region, at + half, length - half));
        return in.end();
    }

    private int crc(int at, int length) {
        CRC32C crc = new CRC32C();
        crc.update(region, at, length);
        return (int) crc.getValue();
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return Arrays.copyOf(bytes, n);
    }
}
