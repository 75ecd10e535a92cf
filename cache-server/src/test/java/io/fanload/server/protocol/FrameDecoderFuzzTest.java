package io.fanload.server.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import org.junit.jupiter.api.Tag;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the frame decoder with whatever a peer might send, cut into arbitrary reads
 * ({@link FuzzedConnection}). The contract: messages, or one {@link ProtocolException} after which
 * nothing more is decoded; never another exception; before authentication only handshake
 * messages; chunk parts that add up to their header's length; every control message re-encodes
 * to a frame that decodes to the same message; and the decoder never holds more than one frame.
 *
 * <p>Seeds ({@code FrameDecoderFuzzTestInputs/decodeArbitraryStreams}, regenerate with
 * {@link #main}): a real frame of every message type, in each state that accepts it.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
class FrameDecoderFuzzTest {

    /** Byte 0 of an input, modulo 4: the decoder's state. */
    private static final int[] MAX_CHUNK_BY_MODE = {-1, 0, 4096, Frames.MAX_CHUNK_BYTES};

    @FuzzTest
    void decodeArbitraryStreams(byte[] input) {
        FuzzedConnection connection = FuzzedConnection.of(input);
        int maxChunk = MAX_CHUNK_BY_MODE[connection.mode() % MAX_CHUNK_BY_MODE.length];
        FrameDecoder decoder = new FrameDecoder();
        if (maxChunk >= 0) {
            decoder.authenticated(maxChunk);
        }
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        Stream stream = new Stream(maxChunk);
        try {
            for (ByteBuf read : connection.reads()) {
                boolean refusedBefore = stream.refused;
                try {
                    channel.writeInbound(read);
                } catch (ProtocolException e) {
                    assertFalse(stream.refused, "a second refusal: input after the first must be dropped");
                    stream.refused = true;
                }
                for (Object o; (o = channel.readInbound()) != null; ) {
                    try {
                        assertFalse(refusedBefore, "decoded after a refusal: " + o);
                        stream.check((Message) o);
                    } finally {
                        ReferenceCountUtil.release(o);
                    }
                }
                assertTrue(FuzzedConnection.heldBytes(decoder) <= FuzzedConnection.MAX_HELD_BYTES,
                        "decoder holds " + FuzzedConnection.heldBytes(decoder) + " bytes");
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** What the messages decoded so far allow next. */
    private static final class Stream {
        final int maxChunk;
        boolean refused;
        long chunkLeft;

        Stream(int maxChunk) {
            this.maxChunk = maxChunk;
        }

        void check(Message m) {
            if (m instanceof Message.ChunkPart part) {
                int n = part.data().readableBytes();
                assertTrue(n >= 1 && n <= chunkLeft, n + " bytes of a chunk with " + chunkLeft + " left");
                chunkLeft -= n;
                assertEquals(chunkLeft == 0, part.last());
                return;
            }
            assertEquals(0, chunkLeft, "a message inside a chunk: " + m);
            if (m instanceof Message.ChunkHeader header) {
                assertTrue(header.length() >= 1 && header.length() <= maxChunk && header.offset() >= 0, header.toString());
                chunkLeft = header.length();
                return;
            }
            if (maxChunk < 0) {
                assertTrue(m instanceof Message.Hello || m instanceof Message.Challenge || m instanceof Message.Proof
                        || m instanceof Message.ErrorMessage, "before authentication: " + m);
            }
            ByteBuf frame = MessageCodecTest.encode(m);
            EmbeddedChannel again = new EmbeddedChannel(authenticated());
            try {
                again.writeInbound(frame);
                assertEquals(m, again.readInbound(), "re-encoded");
            } finally {
                again.finishAndReleaseAll();
            }
        }

        private static FrameDecoder authenticated() {
            FrameDecoder decoder = new FrameDecoder();
            decoder.authenticated(0);
            return decoder;
        }
    }

    /** Writes the seed corpus: {@code main(<dir>)} with the inputs directory of {@link #decodeArbitraryStreams}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        int n = 0;
        for (Message m : MessageCodecTest.everyControlMessage()) {
            boolean handshake = m instanceof Message.Hello || m instanceof Message.Challenge
                    || m instanceof Message.Proof || m instanceof Message.ErrorMessage;
            Files.write(out.resolve(String.format("%02d-%s", n++, m.getClass().getSimpleName())),
                    FuzzedConnection.input(handshake ? 0 : 1, m));
        }
        byte[] chunk = MessageCodecTest.bytes(600, 9);
        Files.write(out.resolve(n++ + "-Data"), FuzzedConnection.input(2,
                new Message.Data(1L << 20, chunk.length, 7, Unpooled.wrappedBuffer(chunk))));
        Files.write(out.resolve(n + "-BackToBack"), FuzzedConnection.input(3, new Message.Fetch(0),
                new Message.Data(0, 3, 1, Unpooled.wrappedBuffer(new byte[3])), new Message.Progress(3)));
    }
}
