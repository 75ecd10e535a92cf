package io.fanload.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.util.List;

/**
 * Writes {@link Message}s as frames. Stateless, so one instance serves every pipeline. A
 * {@link Message.Data} becomes a small header buffer followed by its payload, untouched: the
 * payload's reference passes to the channel, which releases it once written (a file region is
 * sent with sendfile).
 */
@ChannelHandler.Sharable
public final class MessageEncoder extends MessageToMessageEncoder<Message> {

    public static final MessageEncoder INSTANCE = new MessageEncoder();

    private MessageEncoder() {
        super(Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Message message, List<Object> out) {
        if (message instanceof Message.Data data) {
            if (data.length() < 1 || data.length() > Frames.MAX_CHUNK_BYTES) {
                data.payload().release();
                throw new EncoderException("chunk of " + data.length() + " bytes");
            }
            ByteBuf header = ctx.alloc().buffer(Frames.HEADER_BYTES + Frames.DATA_HEADER_BYTES);
            header.writeInt(1 + Frames.DATA_HEADER_BYTES + data.length()).writeByte(data.ahead() ? Frames.AHEAD : Frames.DATA)
                    .writeLong(data.offset()).writeInt(data.crc32c());
            out.add(header);
            out.add(data.payload());
            return;
        }
        ByteBuf frame = ctx.alloc().buffer(64);
        boolean done = false;
        try {
            frame.writeInt(0);
            writeControl(message, frame);
            frame.setInt(0, frame.readableBytes() - 4);
            out.add(frame);
            done = true;
        } finally {
            if (!done) {
                frame.release();
            }
        }
    }

    /** Writes the type byte and payload of a control message. */
    static void writeControl(Message message, ByteBuf b) {
        if (message instanceof Message.Hello m) {
            b.writeByte(Frames.HELLO).writeByte(m.version()).writeByte(m.role().code).writeBytes(m.nonce());
            string(b, m.nodeId());
        } else if (message instanceof Message.Challenge m) {
            b.writeByte(Frames.CHALLENGE).writeBytes(m.nonce()).writeBytes(m.proof());
        } else if (message instanceof Message.Proof m) {
            b.writeByte(Frames.PROOF).writeBytes(m.proof());
        } else if (message instanceof Message.ErrorMessage m) {
            string(b.writeByte(Frames.ERROR), m.reason());
        } else if (message instanceof Message.Register m) {
            endpoint(b.writeByte(Frames.REGISTER), m.endpoint());
        } else if (message instanceof Message.Assign m) {
            b.writeByte(Frames.ASSIGN).writeInt(m.position()).writeInt(m.chunkSize()).writeLong(m.size())
                    .writeLong(m.digestEnd()).writeBytes(m.sha256());
            optionalEndpoint(b, m.parent());
            string(b, m.source());
            b.writeInt(m.stallMillis()).writeLong(m.giveUpMillis());
        } else if (message instanceof Message.Reparent m) {
            string(optionalEndpoint(b.writeByte(Frames.REPARENT), m.parent()), m.source());
        } else if (message instanceof Message.Progress m) {
            b.writeByte(Frames.PROGRESS).writeLong(m.offset());
        } else if (message instanceof Message.ParentLost m) {
            string(string(b.writeByte(Frames.PARENT_LOST), m.parentId()).writeLong(m.offset()), m.reason());
        } else if (message instanceof Message.Ready m) {
            b.writeByte(Frames.READY).writeLong(m.bytes()).writeLong(m.micros()).writeLong(m.firstByteMicros())
                    .writeLong(m.lastByteMicros());
        } else if (message instanceof Message.Failed m) {
            string(b.writeByte(Frames.FAILED), m.reason());
        } else if (message instanceof Message.Shutdown) {
            b.writeByte(Frames.SHUTDOWN);
        } else if (message instanceof Message.Expect m) {
            optionalEndpoint(b.writeByte(Frames.EXPECT).writeLong(m.size()).writeInt(m.chunkSize()), m.parent());
        } else if (message instanceof Message.Counters m) {
            CountersCodec.write(m, b.writeByte(Frames.COUNTERS), MessageEncoder::string);
        } else if (message instanceof Message.Fetch m) {
            b.writeByte(Frames.FETCH).writeLong(m.offset());
        } else {
            throw new EncoderException(message.getClass().getSimpleName() + " is not an outbound control message");
        }
    }

    static ByteBuf string(ByteBuf b, String s) {
        int n = ByteBufUtil.utf8Bytes(s);
        if (n > Frames.MAX_STRING_BYTES) {
            throw new EncoderException("string of " + n + " bytes (limit " + Frames.MAX_STRING_BYTES + ")");
        }
        b.writeShort(n);
        b.writeCharSequence(s, java.nio.charset.StandardCharsets.UTF_8);
        return b;
    }

    private static ByteBuf endpoint(ByteBuf b, Endpoint e) {
        string(b, e.nodeId());
        string(b, e.host());
        return b.writeShort(e.port());
    }

    private static ByteBuf optionalEndpoint(ByteBuf b, Endpoint e) {
        b.writeBoolean(e != null);
        return e == null ? b : endpoint(b, e);
    }
}
