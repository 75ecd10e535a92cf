package io.fanload.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fuzz input for a connection: byte 0 chooses the receiving side's state, byte 1 seeds how the
 * rest is cut into the reads a socket might deliver (1 to 64 bytes, or all of it at once), and
 * the rest is what the peer sent. Cutting by a seed keeps an input's meaning stable while the
 * fuzzer mutates the stream, and makes each finding replay exactly.
 */
public record FuzzedConnection(int mode, List<ByteBuf> reads) {

    /** Most bytes {@link #heldBytes} may report. */
    public static final int MAX_HELD_BYTES = Frames.HEADER_BYTES + Frames.MAX_CONTROL_PAYLOAD;

    public static FuzzedConnection of(byte[] input) {
        if (input.length < 2) {
            return new FuzzedConnection(0, List.of());
        }
        Random cut = new Random(input[1]);
        List<ByteBuf> reads = new ArrayList<>();
        boolean whole = (input[1] & 1) == 0;
        for (int at = 2; at < input.length; ) {
            int n = whole ? input.length - at : Math.min(1 + cut.nextInt(64), input.length - at);
            reads.add(Unpooled.wrappedBuffer(input, at, n));
            at += n;
        }
        return new FuzzedConnection(Byte.toUnsignedInt(input[0]), reads);
    }

    /** The input that {@link #of} turns back into the frames of {@code messages} in state {@code mode}, read whole. */
    public static byte[] input(int mode, Message... messages) {
        byte[] stream = frames(messages);
        byte[] input = new byte[2 + stream.length];
        input[0] = (byte) mode;
        System.arraycopy(stream, 0, input, 2, stream.length);
        return input;
    }

    /** The frames of {@code messages} as {@link MessageEncoder} writes them. */
    public static byte[] frames(Message... messages) {
        EmbeddedChannel encoder = new EmbeddedChannel(MessageEncoder.INSTANCE);
        CompositeByteBuf all = Unpooled.compositeBuffer();
        try {
            for (Message m : messages) {
                if (!encoder.writeOutbound(m)) {
                    throw new IllegalStateException("nothing encoded for " + m);
                }
                for (Object o; (o = encoder.readOutbound()) != null; ) {
                    all.addComponent(true, (ByteBuf) o);
                }
            }
            return ByteBufUtil.getBytes(all);
        } finally {
            all.release();
            encoder.finishAndReleaseAll();
        }
    }

    /**
     * Bytes the decoder holds between reads. It may wait for the rest of one frame (at most a
     * header and the largest control payload; a data frame's chunk is passed on as it arrives),
     * never more: anything beyond would be buffering that a peer controls.
     */
    public static int heldBytes(FrameDecoder decoder) {
        try {
            // protected in ByteToMessageDecoder, and FrameDecoder is final
            Method internalBuffer = ByteToMessageDecoder.class.getDeclaredMethod("internalBuffer");
            internalBuffer.setAccessible(true);
            return ((ByteBuf) internalBuffer.invoke(decoder)).readableBytes();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

}
