package io.fanload.server.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    private static final Endpoint A = new Endpoint("node-a", "10.0.0.1", 40001);

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static List<Message> everyControlMessage() {
        return List.of(
                new Message.Hello(Message.VERSION, Message.Role.CHILD_TO_PARENT, bytes(32, 1), "nid-ü"),
                new Message.Challenge(bytes(32, 2), bytes(32, 3)),
                new Message.Proof(bytes(32, 4)),
                new Message.ErrorMessage("go away"),
                new Message.Register(A),
                new Message.Assign(7, 1 << 20, 123_456_789_012L, 123_456_788_756L, bytes(32, 5), A, "", 15_000, 300_000),
                new Message.Assign(0, 4096, 10, 0, bytes(32, 6), null, "/lustre/app/cache.fanload", 100, 1000),
                new Message.Reparent(A, ""),
                new Message.Reparent(null, "/shared/archive"),
                new Message.Progress(Long.MAX_VALUE),
                new Message.ParentLost("node-b", 42, "connection closed"),
                new Message.Ready(1L << 40, 1234, 56, -1),
                new Message.Failed("no room"),
                new Message.Shutdown(),
                new Message.Expect(1L << 40, 1 << 20, A),
                new Message.Expect(0, 4096, null),
                new Message.Fetch(1 << 20),
                new Message.Counters(new io.fanload.server.counters.RankTotals(24, 23, 1, 5, 3,
                        java.util.Map.of("classesFromCache", 1L << 33, "jvmCacheRanks", 22L), java.util.Map.of("a/B.class", 4))));
    }

    /** A node whose ranks missed thousands of names: the sums all go, then as many of the most missed names as fit. */
    @Test
    void countersKeepTheirSumsAndTheMostMissedNamesThatFit() {
        java.util.Map<String, Integer> missed = new java.util.HashMap<>();
        for (int i = 0; i < 5000; i++) {
            missed.put("org/example/generated/SomeLongClassName" + i + ".class", i == 77 ? 1000 : 1);
        }
        Message.Counters m = new Message.Counters(new io.fanload.server.counters.RankTotals(128, 128, 0, -1, 0,
                java.util.Map.of("misses", 5999L), missed));
        ByteBuf frame = encode(m);
        assertTrue(frame.readableBytes() <= Frames.HEADER_BYTES + Frames.MAX_COUNTERS_PAYLOAD, "" + frame.readableBytes());
        EmbeddedChannel in = decoder(0);
        in.writeInbound(frame);
        Message.Counters back = in.readInbound();
        assertEquals(java.util.Map.of("misses", 5999L), back.totals().sums());
        assertEquals(1000, back.totals().missedBy().get("org/example/generated/SomeLongClassName77.class"));
        assertTrue(back.totals().missedBy().size() > 100 && back.totals().missedBy().size() < 5000,
                "" + back.totals().missedBy().size());
        in.finishAndReleaseAll();
    }

    static ByteBuf encode(Message message) {
        return Unpooled.wrappedBuffer(FuzzedConnection.frames(message));
    }

    private static EmbeddedChannel decoder(int maxChunk) {
        FrameDecoder decoder = new FrameDecoder();
        if (maxChunk >= 0) {
            decoder.authenticated(maxChunk);
        }
        return new EmbeddedChannel(decoder);
    }

    @Test
    void everyControlMessageRoundTrips() {
        for (Message m : everyControlMessage()) {
            EmbeddedChannel in = decoder(0);
            in.writeInbound(encode(m));
            assertEquals(m, in.readInbound(), m.getClass().getSimpleName());
            assertNull(in.readInbound());
            assertTrue(!in.finishAndReleaseAll(), "nothing left over");
        }
    }

    @Test
    void everyControlMessageRoundTripsByteByByte() {
        for (Message m : everyControlMessage()) {
            EmbeddedChannel in = decoder(0);
            ByteBuf frame = encode(m);
            while (frame.isReadable()) {
                in.writeInbound(frame.readRetainedSlice(1));
            }
            frame.release();
            assertEquals(m, in.readInbound(), m.getClass().getSimpleName());
            in.finishAndReleaseAll();
        }
    }

    @Test
    void dataFrameArrivesAsHeaderAndPartsInAnySplit() {
        byte[] chunk = bytes(10_000, 7);
        for (int split : new int[] {1, 7, 4096, 200_000}) {
            EmbeddedChannel in = decoder(chunk.length);
            ByteBuf frame = encode(new Message.Data(1L << 33, chunk.length, 0xCAFEBABE, Unpooled.wrappedBuffer(chunk)));
            while (frame.isReadable()) {
                in.writeInbound(frame.readRetainedSlice(Math.min(split, frame.readableBytes())));
            }
            frame.release();
            assertEquals(new Message.ChunkHeader(1L << 33, chunk.length, 0xCAFEBABE), in.readInbound());
            byte[] got = new byte[chunk.length];
            int at = 0;
            boolean last = false;
            for (Object o; (o = in.readInbound()) != null; ) {
                Message.ChunkPart part = assertInstanceOf(Message.ChunkPart.class, o);
                int n = part.data().readableBytes();
                part.data().readBytes(got, at, n);
                at += n;
                last = part.last();
                assertEquals(at == chunk.length, last);
                part.release();
            }
            assertTrue(last);
            assertArrayEquals(chunk, got, "split " + split);
            assertTrue(!in.finishAndReleaseAll());
        }
    }

    /** The index region sent ahead: frame type 22, decoded like Data but marked, and bounded by the chunk size. */
    @Test
    void aheadFrameIsAMarkedDataFrameWithTheSameBound() {
        byte[] bytes = bytes(3000, 9);
        EmbeddedChannel in = decoder(4096);
        ByteBuf frame = encode(new Message.Data(777, bytes.length, 5, Unpooled.wrappedBuffer(bytes), true));
        assertEquals(Frames.AHEAD, frame.getUnsignedByte(4));
        in.writeInbound(frame);
        assertEquals(new Message.ChunkHeader(777, bytes.length, 5, true), in.readInbound());
        Message.ChunkPart part = in.readInbound();
        assertEquals(bytes.length, part.data().readableBytes());
        assertTrue(part.last());
        part.release();
        in.finishAndReleaseAll();

        EmbeddedChannel small = decoder(1024);
        ByteBuf tooLong = encode(new Message.Data(0, bytes.length, 5, Unpooled.wrappedBuffer(bytes), true));
        assertThrows(Exception.class, () -> small.writeInbound(tooLong));
        small.finishAndReleaseAll();
    }

    @Test
    void framesBackToBackInOneBuffer() {
        byte[] chunk = bytes(5000, 8);
        CompositeByteBuf all = Unpooled.compositeBuffer();
        all.addComponent(true, encode(new Message.Progress(5)));
        all.addComponent(true, encode(new Message.Data(0, chunk.length, 1, Unpooled.wrappedBuffer(chunk))));
        all.addComponent(true, encode(new Message.Fetch(9)));
        EmbeddedChannel in = decoder(8192);
        in.writeInbound(all);
        assertEquals(new Message.Progress(5), in.readInbound());
        assertEquals(new Message.ChunkHeader(0, chunk.length, 1), in.readInbound());
        Message.ChunkPart part = in.readInbound();
        assertEquals(chunk.length, part.data().readableBytes());
        assertTrue(part.last());
        part.release();
        assertEquals(new Message.Fetch(9), in.readInbound());
        in.finishAndReleaseAll();
    }

    /** Remembers the largest buffer a channel asked for. */
    static final class LargestAllocation extends AbstractByteBufAllocator {
        int largest;

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largest = Math.max(largest, initialCapacity);
            return Unpooled.buffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            largest = Math.max(largest, initialCapacity);
            return Unpooled.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void fourGigabyteLengthPrefixIsRefusedWithoutAllocating() {
        // Before authentication (a stranger's Hello), and after it (a control frame, a data frame).
        int[][] cases = {{-1, Frames.HELLO}, {1 << 20, Frames.PROGRESS}, {1 << 20, Frames.DATA}};
        for (int[] c : cases) {
            LargestAllocation alloc = new LargestAllocation();
            EmbeddedChannel in = decoder(c[0]);
            in.config().setAllocator(alloc);
            // The prefix in two pieces, so that the decoder must gather it: the one allocation it may make.
            in.writeInbound(Unpooled.buffer().writeShort(0xFFFF));
            DecoderException e = assertThrows(DecoderException.class,
                    () -> in.writeInbound(Unpooled.buffer().writeShort(0xFFFF).writeByte(c[1])));
            assertTrue(e instanceof ProtocolException || e.getCause() instanceof ProtocolException, e.toString());
            // The peer goes on sending "its 4 GB": dropped as it comes, never gathered, never decoded.
            for (int i = 0; i < 64; i++) {
                in.writeInbound(Unpooled.wrappedBuffer(new byte[64 << 10]));
            }
            in.writeInbound(encode(new Message.Progress(1)));
            assertNull(in.readInbound());
            assertTrue(alloc.largest <= 1024, "type " + c[1] + ": allocated " + alloc.largest + " bytes");
            in.finishAndReleaseAll();
        }
    }

    @Test
    void oversizedFramesOfEveryKindAreRefused() {
        // control frame above the authenticated limit
        assertRefused(decoder(0), Unpooled.buffer().writeInt(Frames.MAX_CONTROL_PAYLOAD + 2).writeByte(Frames.FAILED));
        // handshake-sized limit before authentication
        assertRefused(decoder(-1), Unpooled.buffer().writeInt(Frames.MAX_HANDSHAKE_PAYLOAD + 2).writeByte(Frames.HELLO));
        // data frame above the negotiated chunk size
        assertRefused(decoder(4096), Unpooled.buffer().writeInt(1 + Frames.DATA_HEADER_BYTES + 4097).writeByte(Frames.DATA));
        // data where none is accepted
        assertRefused(decoder(0), Unpooled.buffer().writeInt(1 + Frames.DATA_HEADER_BYTES + 1).writeByte(Frames.DATA));
        // protocol frames before authentication
        assertRefused(decoder(-1), encode(new Message.Fetch(0)));
        assertRefused(decoder(-1), encode(new Message.Shutdown()));
        // empty frame, unknown type, a string longer than allowed, trailing bytes
        assertRefused(decoder(0), Unpooled.buffer().writeInt(0).writeByte(0));
        assertRefused(decoder(0), Unpooled.buffer().writeInt(1).writeByte(99));
        assertRefused(decoder(0), Unpooled.buffer().writeInt(3).writeByte(Frames.FAILED).writeShort(2000));
        assertRefused(decoder(0), Unpooled.buffer().writeInt(10).writeByte(Frames.PROGRESS).writeLong(1).writeByte(0));
        assertRefused(decoder(0), Unpooled.buffer().writeInt(5).writeByte(Frames.PROGRESS).writeInt(1));
    }

    private static void assertRefused(EmbeddedChannel in, ByteBuf frame) {
        DecoderException e = assertThrows(DecoderException.class, () -> in.writeInbound(frame));
        assertTrue(e instanceof ProtocolException || e.getCause() instanceof ProtocolException, e.toString());
        in.finishAndReleaseAll();
    }

    @Test
    void garbageNeverBecomesAMessageBeforeAuthentication() {
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            byte[] garbage = new byte[1 + random.nextInt(600)];
            random.nextBytes(garbage);
            EmbeddedChannel in = decoder(-1);
            List<Object> decoded = new ArrayList<>();
            try {
                in.writeInbound(Unpooled.wrappedBuffer(garbage));
            } catch (DecoderException expected) {
                // refused: fine
            }
            for (Object o; (o = in.readInbound()) != null; ) {
                decoded.add(o);
                ReferenceCountUtil.release(o);
            }
            for (Object o : decoded) {
                assertTrue(o instanceof Message.Hello || o instanceof Message.Challenge || o instanceof Message.Proof
                        || o instanceof Message.ErrorMessage, "round " + round + ": " + o + " from " + Arrays.toString(garbage));
            }
            in.finishAndReleaseAll();
        }
    }

    @Test
    void encoderRefusesInboundOnlyMessagesAndOversizedStrings() {
        EmbeddedChannel out = new EmbeddedChannel(MessageEncoder.INSTANCE);
        assertThrows(Exception.class, () -> out.writeOutbound(new Message.ChunkHeader(0, 1, 0)));
        assertThrows(Exception.class, () -> out.writeOutbound(new Message.Failed("x".repeat(Frames.MAX_STRING_BYTES + 1))));
        out.finishAndReleaseAll();
    }
}
