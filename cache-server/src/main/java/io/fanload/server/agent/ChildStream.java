package io.fanload.server.agent;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.SharedFileRegion;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One child: sends it verified chunks from the local file while its socket is writable, from the
 * offset it asked for; a keepalive when there is nothing to send, so that an idle child does not
 * take our upstream's pause for our death.
 */
final class ChildStream extends SimpleChannelInboundHandler<Message> {

    private static final System.Logger LOG = System.getLogger(ChildStream.class.getName());

    private final Children children;
    Channel channel;
    private String childId = "?";
    private long next = -1;
    private boolean sentSinceTick;
    private boolean aheadSent;
    private ScheduledFuture<?> keepalive;

    ChildStream(Children children) {
        this.children = children;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Authenticated a) {
            childId = a.peerNodeId();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (msg instanceof Message.Fetch && !children.serving()) {
            refuse("this node fell back and serves nobody");
        } else if (msg instanceof Message.Fetch fetch && next < 0) {
            if (fetch.offset() < 0) {
                refuse("negative offset");
                return;
            }
            next = fetch.offset();
            children.add(this);
            start();
        } else {
            refuse("unexpected " + msg.getClass().getSimpleName());
        }
    }

    /** Begins sending once this node has been placed (a child may ask before that). */
    void start() {
        LocalCopy copy = children.copy();
        if (copy == null || next < 0 || keepalive != null || !channel.isActive()) {
            return;
        }
        if (next != copy.size() && copy.chunkAt(next) < 0) {
            refuse("offset " + next + " is not a chunk boundary of this archive");
            return;
        }
        long every = Math.max(50, children.stallMillis() / 3);
        keepalive = children.loop().scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
        pump();
    }

    /** Tells an idle child we are alive, so it does not take our upstream's pause for our death. */
    private void tick() {
        if (!sentSinceTick && channel.isActive()) {
            channel.writeAndFlush(new Message.Progress(children.copy().verified()));
        }
        sentSinceTick = false;
    }

    /** Queues every verified chunk the child lacks, while its socket takes more (back-pressure). */
    void pump() {
        LocalCopy copy = children.copy();
        if (copy == null || keepalive == null || !channel.isActive()) {
            return;
        }
        boolean wrote = sendAhead(copy);
        while (channel.isWritable() && next < copy.verified()) {
            int index = copy.chunkAt(next);
            int length = copy.chunkLength(index);
            channel.write(new Message.Data(next, length, copy.crc(index),
                    new SharedFileRegion(copy.channel(), next, length)));
            next += length;
            wrote = true;
        }
        if (wrote) {
            sentSinceTick = true;
            channel.flush();
        }
    }

    /**
     * The index region, once, before the first chunk the child lacks at its place: the child can
     * then expand each entry as its bytes arrive. Frames of at most a chunk, each with its CRC32C.
     */
    private boolean sendAhead(LocalCopy copy) {
        IndexAhead ahead = copy.ahead();
        if (aheadSent || ahead == null || next >= ahead.offset()) {
            return false;
        }
        aheadSent = true;
        byte[] bytes = ahead.bytes();
        CRC32C crc = new CRC32C();
        for (int at = 0; at < bytes.length; at += copy.chunkSize()) {
            int length = Math.min(copy.chunkSize(), bytes.length - at);
            crc.reset();
            crc.update(bytes, at, length);
            channel.write(new Message.Data(ahead.offset() + at, length, (int) crc.getValue(),
                    Unpooled.wrappedBuffer(bytes, at, length), true));
        }
        return true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelWritabilityChanged();
    }

    private void refuse(String reason) {
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + children.nodeId() + ": child " + childId + ": " + reason);
        channel.writeAndFlush(new Message.ErrorMessage(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        children.remove(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + children.nodeId() + ": child " + childId + ": "
                + Errors.oneLine(cause));
        ctx.close();
    }
}
