package io.fanload.server.agent;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One connection to a parent: checks, writes and commits each chunk as it arrives. Made either at
 * placement (the {@link Upstream}'s link) or during the gather (its early link, idle until
 * adopted); a link that is neither closes.
 */
final class ParentLink extends SimpleChannelInboundHandler<Message> {
    final Endpoint from;
    private final Upstream upstream;
    Channel channel;
    boolean authenticated;
    private IncomingChunk chunk;
    private long expected;
    private IndexAhead.Incoming ahead;
    /** The frame being received is of the index region ahead (its parts go there, or nowhere). */
    private boolean inAhead;
    private boolean takingAhead;

    ParentLink(Upstream upstream, Endpoint from) {
        this.upstream = upstream;
        this.from = from;
    }

    /** Opens the connection; {@code stallMillis} 0: no watch for a silent parent (yet). */
    void connect(int chunkSize, long stallMillis) {
        AgentConfig config = upstream.config();
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.CHILD_TO_PARENT, chunkSize, stallMillis);
        ChannelFuture f = Pipelines.connect(config.transport(), upstream.loop(),
                new InetSocketAddress(from.host(), from.port()), spec, config.nodeId(), this);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                upstream.lost(this, "cannot connect: " + Errors.oneLine(done.cause()));
            }
        });
    }

    /** Asks the parent for everything after the verified prefix. */
    void fetch() {
        upstream.timeline().connected();
        LocalCopy copy = upstream.copy();
        chunk = new IncomingChunk(copy);
        ahead = new IndexAhead.Incoming(copy.size());
        expected = copy.verified();
        channel.writeAndFlush(new Message.Fetch(expected));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (upstream.isEarly(this)) {
            authenticated |= evt instanceof Authenticated;
        } else if (!upstream.isLink(this)) {
            ctx.close();
        } else if (evt instanceof Authenticated) {
            authenticated = true;
            fetch();
        } else if (evt instanceof IdleStateEvent) {
            upstream.parentLost(this, "no data for " + upstream.stallMillis() + " ms");
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (!upstream.isLink(this)) {
            return;
        }
        if (msg instanceof Message.ChunkPart p && inAhead) {
            aheadPart(p);
        } else if (msg instanceof Message.ChunkPart p) {
            part(p);
        } else if (msg instanceof Message.ChunkHeader h && h.ahead()) {
            if (chunk == null || chunk.open()) {
                upstream.parentLost(this, "sent index bytes inside a chunk");
                return;
            }
            inAhead = true;
            // best effort: a region that does not come whole and intact is skipped, not a fault
            takingAhead = h.offset() > expected && ahead.begin(h.offset(), h.length(), h.crc32c());
        } else if (msg instanceof Message.ChunkHeader h) {
            LocalCopy copy = upstream.copy();
            int index = copy.chunkAt(h.offset());
            if (chunk == null || h.offset() != expected || index < 0 || h.length() != copy.chunkLength(index)) {
                upstream.parentLost(this, "sent " + h.length() + " bytes at " + h.offset() + ", expected the chunk at "
                        + expected);
                return;
            }
            chunk.begin(index, h.offset(), h.crc32c());
        } else if (msg instanceof Message.ErrorMessage e) {
            upstream.parentLost(this, "refused: " + e.reason());
        } else if (!(msg instanceof Message.Progress)) {
            upstream.parentLost(this, "sent an unexpected " + msg.getClass().getSimpleName());
        }
    }

    private void part(Message.ChunkPart p) {
        if (chunk == null || !chunk.open()) {
            upstream.parentLost(this, "sent data outside a chunk");
            return;
        }
        upstream.timeline().firstByte();
        try {
            chunk.write(p.data());
        } catch (IOException e) {
            upstream.writeFailed("cannot write the node-local copy " + upstream.copy().file() + ": " + Errors.oneLine(e));
            return;
        }
        if (!p.last()) {
            return;
        }
        int index = chunk.index();
        if (!chunk.end()) {
            upstream.badChunk(this, "chunk " + index + " from " + from + " failed its CRC32C");
            return;
        }
        expected = chunk.writeAt();
        upstream.received(index, chunk.announcedCrc());
    }

    private void aheadPart(Message.ChunkPart p) {
        if (takingAhead) {
            ahead.part(p.data());
        }
        if (!p.last()) {
            return;
        }
        inAhead = false;
        IndexAhead whole = takingAhead ? ahead.end() : null;
        takingAhead = false;
        if (whole != null) {
            upstream.indexAhead(this, whole);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        upstream.lost(this, "connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        upstream.lost(this, Errors.oneLine(cause));
    }
}
