package io.fanload.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns bytes into {@link Message}s, refusing anything out of bounds before allocating for it:
 * a length prefix is checked against the limit of its type (handshake frames only, and small,
 * until {@link #authenticated(int)}); a data frame is passed on as it arrives, so its chunk is never
 * accumulated here. After the first violation the decoder drops all further input; the
 * {@link ProtocolException} reaches the pipeline, whose last handler closes the channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private boolean authenticated;
    private int maxChunk;
    /** Bytes of the current data frame still to pass on; 0 when between frames. */
    private int chunkRemaining;
    private boolean broken;

    /**
     * Allows protocol frames from now on, and data frames of at most {@code maxChunk} bytes
     * (0: none; only the receiving side of a child-to-parent connection accepts data).
     */
    public void authenticated(int maxChunk) {
        if (maxChunk < 0 || maxChunk > Frames.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("maxChunk out of range: " + maxChunk);
        }
        this.authenticated = true;
        this.maxChunk = maxChunk;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeOne(in, out);
        } catch (RuntimeException e) {
            broken = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeOne(ByteBuf in, List<Object> out) {
        if (chunkRemaining > 0) {
            int n = Math.min(chunkRemaining, in.readableBytes());
            if (n > 0) {
                chunkRemaining -= n;
                out.add(new Message.ChunkPart(in.readRetainedSlice(n), chunkRemaining == 0));
            }
            return;
        }
        if (in.readableBytes() < Frames.HEADER_BYTES) {
            return;
        }
        int start = in.readerIndex();
        long length = in.getUnsignedInt(start);
        int type = in.getUnsignedByte(start + 4);
        if (length < 1) {
            throw new ProtocolException("empty frame");
        }
        if (!authenticated && !Frames.isHandshake(type)) {
            throw new ProtocolException("frame type " + type + " before authentication");
        }
        long payload = length - 1;
        if (type == Frames.DATA || type == Frames.AHEAD) {
            long chunk = payload - Frames.DATA_HEADER_BYTES;
            if (chunk < 1 || chunk > maxChunk) {
                throw new ProtocolException("data frame of " + chunk + " bytes (limit " + maxChunk + ")");
            }
            if (in.readableBytes() < Frames.HEADER_BYTES + Frames.DATA_HEADER_BYTES) {
                return;
            }
            in.skipBytes(Frames.HEADER_BYTES);
            long offset = in.readLong();
            int crc = in.readInt();
            if (offset < 0) {
                throw new ProtocolException("negative chunk offset");
            }
            chunkRemaining = (int) chunk;
            out.add(new Message.ChunkHeader(offset, (int) chunk, crc, type == Frames.AHEAD));
            return;
        }
        int limit = !authenticated ? Frames.MAX_HANDSHAKE_PAYLOAD
                : type == Frames.COUNTERS ? Frames.MAX_COUNTERS_PAYLOAD : Frames.MAX_CONTROL_PAYLOAD;
        if (payload > limit) {
            throw new ProtocolException("frame of " + payload + " bytes, type " + type + " (limit " + limit + ")");
        }
        if (in.readableBytes() < Frames.HEADER_BYTES + payload) {
            return;
        }
        in.skipBytes(Frames.HEADER_BYTES);
        ByteBuf body = in.readSlice((int) payload);
        Message message = decodeControl(type, body);
        if (body.isReadable()) {
            throw new ProtocolException(body.readableBytes() + " stray bytes after frame type " + type);
        }
        out.add(message);
    }

    private static Message decodeControl(int type, ByteBuf b) {
        try {
            return switch (type) {
                case Frames.HELLO -> new Message.Hello(b.readUnsignedByte(), Message.Role.of(b.readUnsignedByte()),
                        bytes(b, Message.NONCE_BYTES), string(b));
                case Frames.CHALLENGE -> new Message.Challenge(bytes(b, Message.NONCE_BYTES), bytes(b, Message.DIGEST_BYTES));
                case Frames.PROOF -> new Message.Proof(bytes(b, Message.DIGEST_BYTES));
                case Frames.ERROR -> new Message.ErrorMessage(string(b));
                case Frames.REGISTER -> new Message.Register(endpoint(b));
                case Frames.ASSIGN -> new Message.Assign(b.readInt(), b.readInt(), b.readLong(), b.readLong(),
                        bytes(b, Message.DIGEST_BYTES), optionalEndpoint(b), string(b), b.readInt(), b.readLong());
                case Frames.REPARENT -> new Message.Reparent(optionalEndpoint(b), string(b));
                case Frames.PROGRESS -> new Message.Progress(b.readLong());
                case Frames.PARENT_LOST -> new Message.ParentLost(string(b), b.readLong(), string(b));
                case Frames.READY -> new Message.Ready(b.readLong(), b.readLong(), b.readLong(), b.readLong());
                case Frames.FAILED -> new Message.Failed(string(b));
                case Frames.SHUTDOWN -> new Message.Shutdown();
                case Frames.EXPECT -> new Message.Expect(b.readLong(), b.readInt(), optionalEndpoint(b));
                case Frames.FETCH -> new Message.Fetch(b.readLong());
                case Frames.COUNTERS -> CountersCodec.read(b, FrameDecoder::string);
                default -> throw new ProtocolException("unknown frame type " + type);
            };
        } catch (IndexOutOfBoundsException e) {
            throw new ProtocolException("truncated frame type " + type);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException("invalid frame type " + type + ": " + e.getMessage());
        }
    }

    private static byte[] bytes(ByteBuf b, int n) {
        byte[] bytes = new byte[n];
        b.readBytes(bytes);
        return bytes;
    }

    static String string(ByteBuf b) {
        int n = b.readUnsignedShort();
        if (n > Frames.MAX_STRING_BYTES) {
            throw new ProtocolException("string of " + n + " bytes");
        }
        return b.readCharSequence(n, StandardCharsets.UTF_8).toString();
    }

    private static Endpoint endpoint(ByteBuf b) {
        return new Endpoint(string(b), string(b), b.readUnsignedShort());
    }

    private static Endpoint optionalEndpoint(ByteBuf b) {
        return b.readBoolean() ? endpoint(b) : null;
    }
}
