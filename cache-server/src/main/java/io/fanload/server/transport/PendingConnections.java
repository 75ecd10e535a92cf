package io.fanload.server.transport;

import io.fanload.server.auth.Authenticated;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds how many of one listener's connections may be waiting to authenticate at once. Each holds
 * a descriptor, a channel and up to one handshake frame until its peer proves the secret or the
 * handshake timeout closes it; without a bound, anyone on the machine could open thousands and
 * exhaust the process's descriptors. A connection accepted beyond the bound is closed at once,
 * before it is registered or given a pipeline, and counted; a listener logs the first refusal and
 * then at most one line per {@link #REPORT_SECONDS} while refusals go on. Authenticated connections
 * do not count, so a flood never touches a child being served or an agent already registered; it
 * can refuse a peer that connects during the flood, which then goes the way of any lost parent
 * (docs/TREE.md, "Limits").
 *
 * <p>Two handlers share the count: this one sits on the listening channel and sees every accepted
 * channel before the acceptor registers it; {@link #admitted()} sits in each accepted channel's
 * pipeline after the handshake and frees the place when {@link Authenticated} passes.
 */
@ChannelHandler.Sharable
final class PendingConnections extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(PendingConnections.class.getName());
    /** How often a listener under a flood says how many connections it refused. */
    static final long REPORT_SECONDS = 10;

    private final String listener;
    private final int max;
    private final Set<Channel> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final ChannelHandler admitted = new Admitted();
    /** Refusals already reported; confined to the listening channel's event loop, like {@link #reporting}. */
    private long reported;
    private boolean reporting;

    PendingConnections(String listener, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one connection must be allowed to authenticate");
        }
        this.listener = listener;
        this.max = max;
    }

    /** The handler for an accepted channel's pipeline, after the handshake. */
    ChannelHandler admitted() {
        return admitted;
    }

    /** Connections refused since the listener started. */
    long refused() {
        return refused.get();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (pending.size() >= max) {
            child.unsafe().closeForcibly();
            refused(ctx);
            return;
        }
        pending.add(child);
        child.closeFuture().addListener(closed -> pending.remove(child));
        ctx.fireChannelRead(child);
    }

    private void refused(ChannelHandlerContext ctx) {
        refused.incrementAndGet();
        if (!reporting) {
            reporting = true;
            reported++;
            LOG.log(System.Logger.Level.WARNING, "fanload: " + listener + ": " + max
                    + " connections are waiting to authenticate; refusing more (counted, reported every "
                    + REPORT_SECONDS + " s)");
            ctx.executor().schedule(() -> report(ctx), REPORT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void report(ChannelHandlerContext ctx) {
        long total = refused.get();
        long recent = total - reported;
        reported = total;
        if (recent == 0) {
            reporting = false;
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "fanload: " + listener + ": refused " + recent + " connections in the last "
                + REPORT_SECONDS + " s (" + total + " in all; at most " + max + " may wait to authenticate)");
        ctx.executor().schedule(() -> report(ctx), REPORT_SECONDS, TimeUnit.SECONDS);
    }

    /** Frees an accepted channel's place once its peer proved the secret, and leaves the pipeline. */
    @ChannelHandler.Sharable
    private final class Admitted extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Authenticated) {
                pending.remove(ctx.channel());
                ctx.pipeline().remove(this);
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
