package io.fanload.bench.control;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * One simulated node agent: the real agent's conversation with the coordinator (what
 * io.fanload.server.agent.CoordinatorLink says and when), without its data plane. Once placed it
 * "receives" the archive at a steady pace for {@code transferNanos} of placed time, reports
 * Progress every 0.5 s when it changed and at least every second, and Ready once it holds it all;
 * its transfer starts when the harness says ({@link #startTransfer}).
 * An orphan pauses until the coordinator re-parents it; told to move to a node that is dead, it
 * reports that parent lost again, as a real agent whose connect fails does. Confined to its
 * channel's event loop; the times it records are nanoTime minus the storm's start.
 */
final class SimAgent extends SimpleChannelInboundHandler<Message> {

    static final long TICK_MILLIS = 250;

    final int index;
    final String nodeId;
    private final SimAgents group;
    private volatile Channel channel;
    private ScheduledFuture<?> ticks;
    private long size;
    private long transferNanos;
    private long progressNanos;
    private long runningSince = -1;
    private long reportedOffset = -1;
    private int tick;
    String parentId;
    boolean orphan;
    boolean readySent;
    boolean dead;
    boolean shutdown;
    int reparents;
    int reparentsToDead;
    String refusal;
    long activeAt = -1;
    long authAt = -1;
    long registeredAt = -1;
    long placedAt = -1;
    long readyAt = -1;

    SimAgent(int index, SimAgents group) {
        this.index = index;
        this.nodeId = LostNodes.nodeId(index);
        this.group = group;
    }

    void attach(Channel connecting) {
        channel = connecting;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        activeAt = group.sinceGo();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Authenticated) {
            authAt = group.sinceGo();
            // The data port is never dialled: the simulation has no data plane.
            ctx.writeAndFlush(new Message.Register(new Endpoint(nodeId, "127.0.0.1", 9)));
            long phase = Math.floorMod(nodeId.hashCode(), (int) TICK_MILLIS);
            ticks = ctx.executor().scheduleAtFixedRate(this::tick, phase, TICK_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (msg instanceof Message.Expect e) {
            registered(e.size());
        } else if (msg instanceof Message.Assign a) {
            registered(a.size());
            placedAt = group.sinceGo();
            transferNanos = group.transferNanos();
            parentId = a.parent() == null ? null : a.parent().nodeId();
            group.placed();
        } else if (msg instanceof Message.Reparent r) {
            reparented(r);
        } else if (msg instanceof Message.Shutdown) {
            shutdown = true;
            ctx.close();
        } else if (msg instanceof Message.ErrorMessage e) {
            refusal = e.reason();
        } else if (msg instanceof Message.Failed f) {
            refusal = "told to fall back: " + f.reason();
        }
    }

    private void registered(long archiveSize) {
        if (registeredAt < 0) {
            registeredAt = group.sinceGo();
            size = archiveSize;
        }
    }

    private void reparented(Message.Reparent r) {
        reparents++;
        String next = r.parent() == null ? null : r.parent().nodeId();
        if (next != null && group.lost().lost(next) && group.killed()) {
            reparentsToDead++;
            channel.writeAndFlush(new Message.ParentLost(next, offset(System.nanoTime()), "simulated: connect refused"));
            return;
        }
        parentId = next;
        if (orphan) {
            orphan = false;
            runningSince = System.nanoTime();
        }
    }

    /**
     * The data starts to flow: the harness says when, once every agent is placed, so that a storm
     * that placed some agents seconds before others does not let them finish before the loss.
     */
    void startTransfer() {
        if (placedAt >= 0 && runningSince < 0 && !dead) {
            runningSince = System.nanoTime();
        }
    }

    /** The parent died: pause and say so (a real child sees its data connection close). */
    void parentDied() {
        if (dead || readySent || orphan || runningSince < 0 || parentId == null || !group.lost().lost(parentId)) {
            return;
        }
        long now = System.nanoTime();
        progressNanos += now - runningSince;
        orphan = true;
        channel.writeAndFlush(new Message.ParentLost(parentId, offset(now), "simulated: parent closed the connection"));
    }

    /** This node dies mid-transfer: its connection closes without a word. */
    void die() {
        dead = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        channel.close();
    }

    private long offset(long now) {
        if (runningSince < 0 || transferNanos == 0) {
            return 0;
        }
        long held = progressNanos + (orphan ? 0 : now - runningSince);
        return held >= transferNanos ? size : (long) ((double) size * held / transferNanos);
    }

    private void tick() {
        if (dead || shutdown || !channel.isActive()) {
            return;
        }
        long offset = offset(System.nanoTime());
        tick++;
        if (offset == size && runningSince >= 0 && !readySent) {
            readySent = true;
            readyAt = group.sinceGo();
            // The simulated data starts at placement and ends with the last "verified" offset.
            long micros = (System.nanoTime() - runningSince) / 1000;
            channel.writeAndFlush(new Message.Ready(size, micros, 0, micros));
            return;
        }
        // As CoordinatorLink: every 0.5 s when it changed, at least every second (the heartbeat).
        if (tick % 2 == 0 && (offset != reportedOffset || tick % 4 == 0)) {
            reportedOffset = offset;
            channel.writeAndFlush(new Message.Progress(offset));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticks != null) {
            ticks.cancel(false);
        }
        group.closed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (refusal == null) {
            refusal = String.valueOf(cause);
        }
        ctx.close();
    }
}
