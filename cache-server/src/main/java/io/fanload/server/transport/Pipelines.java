package io.fanload.server.transport;

import io.fanload.server.auth.AuthHandler;
import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.FrameDecoder;
import io.fanload.server.protocol.Message;
import io.fanload.server.protocol.MessageEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds every fanload pipeline, in one place and one order:
 * <pre>
 *   idle      IdleStateHandler (reader idle; only where the peer is expected to keep talking)
 *   frames    FrameDecoder     (bounded; handshake frames only until authenticated)
 *   encoder   MessageEncoder   (shared, stateless)
 *   auth      AuthHandler      (mutual challenge-response; removes itself)
 *   admitted  (accepted channels) frees the channel's place among those waiting to authenticate
 *   handler   the business handler, which sees Authenticated first and then messages
 * </pre>
 */
public final class Pipelines {

    /**
     * How long a peer may take to finish the handshake: generous, because at job start a node is
     * busy starting JVMs (both sides warm their crypto up before they connect or listen).
     */
    public static final long HANDSHAKE_MILLIS = 30_000;

    private Pipelines() {
    }

    /**
     * What a pipeline is for: the secret, the role of its connections, the largest data frame it
     * accepts (0: none) and how long the peer may be silent (0: forever).
     */
    public record Spec(Secret secret, Message.Role role, int maxChunk, long readerIdleMillis) {
    }

    /**
     * What a listener lets in before the secret is proved: {@code maxPending} connections waiting
     * to authenticate at once (more are closed at once, see {@link PendingConnections}), each for at
     * most {@code handshakeMillis}. {@code name} names the listener in log lines.
     */
    public record Admission(String name, int maxPending, long handshakeMillis) {

        /**
         * Connections an agent lets wait to authenticate at once. Legitimately only its children
         * (at most 2 at a time in the default tree) and orphans moved to it after a loss handshake
         * with it, a handful; 64 is ample room for them (also under --fanout 16) and caps a flood at
         * 64 descriptors, well under the usual soft limit of 1024, and 64 channels of a few KiB with
         * at most one 517-byte handshake frame buffered each.
         */
        public static final int AGENT_PENDING = 64;
        /**
         * Places the coordinator allows beyond one per expected agent: at job start every agent may
         * be mid-handshake at once (a thousand agents whose nodes are busy starting JVMs), and none of
         * them may be refused; the spare covers strays (a rank started twice, a probe).
         */
        public static final int COORDINATOR_SPARE = 64;

        /** The listen backlog of a listener that expects few connections at once. */
        public static final int MIN_BACKLOG = 1024;

        public Admission {
            if (maxPending < 1 || handshakeMillis < 1) {
                throw new IllegalArgumentException("admission needs maxPending >= 1 and handshakeMillis >= 1");
            }
        }

        /**
         * The accept queue to ask the kernel for: room for every connection allowed to wait, so that
         * a rendezvous storm (every agent of a 10,000-node job connecting at once) is not dropped
         * at the queue while the loop is busy with handshakes; a dropped SYN is retried only after
         * 1 s, then 3 s, 7 s (measured, docs/perf/scale.md). The kernel caps it at
         * net.core.somaxconn (4096 by default since Linux 5.4, 128 before).
         */
        public int backlog() {
            return Math.max(MIN_BACKLOG, maxPending);
        }
    }

    public static ChannelFuture connect(Transport transport, EventLoopGroup loop, SocketAddress remote, Spec spec,
                                        String nodeId, ChannelHandler handler) {
        return new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FileRegionSizeEstimator.INSTANCE)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        init(ch, spec, AuthHandler.client(spec.secret(), spec.role(), nodeId, spec.maxChunk(),
                                HANDSHAKE_MILLIS), handler);
                    }
                })
                .connect(remote);
    }

    /**
     * Listens on {@code local}; {@code loop} accepts and also runs every accepted channel, so all of
     * one agent's (or the coordinator's) state lives on one thread. Connections are admitted as
     * {@code admission} says.
     */
    public static ChannelFuture listen(Transport transport, EventLoopGroup loop, SocketAddress local, Spec spec,
                                       Admission admission, Supplier<ChannelHandler> handlers) {
        return listen(transport, loop, loop, local, spec, admission, handlers);
    }

    /**
     * As above, with the listening channel on {@code acceptLoop} and the accepted ones on {@code
     * loop}: a loop busy with a storm's handshakes then still empties the accept queue, whose
     * overflow drops SYNs that are retried only a second later (docs/perf/scale.md, §1).
     */
    public static ChannelFuture listen(Transport transport, EventLoopGroup acceptLoop, EventLoopGroup loop,
                                       SocketAddress local, Spec spec, Admission admission,
                                       Supplier<ChannelHandler> handlers) {
        PendingConnections pending = new PendingConnections(admission.name(), admission.maxPending());
        return new ServerBootstrap().group(acceptLoop, loop).channel(transport.serverChannel())
                .handler(pending)
                .option(ChannelOption.SO_BACKLOG, admission.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FileRegionSizeEstimator.INSTANCE)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        init(ch, spec, AuthHandler.server(spec.secret(), spec.role(), spec.maxChunk(),
                                admission.handshakeMillis()), handlers.get());
                        ch.pipeline().addBefore("handler", "admitted", pending.admitted());
                    }
                })
                .bind(local);
    }

    /**
     * Starts watching a channel made without an idle limit: after {@code readerIdleMillis} without
     * a read it gets an {@code IdleStateEvent}, as if made with that limit. Call on its event loop.
     */
    public static void watchForStalls(Channel ch, long readerIdleMillis) {
        if (readerIdleMillis > 0 && ch.pipeline().get("idle") == null) {
            ch.pipeline().addFirst("idle", new IdleStateHandler(readerIdleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    /** The pipeline of one channel (public for EmbeddedChannel tests). */
    public static void init(Channel ch, Spec spec, AuthHandler auth, ChannelHandler handler) {
        watchForStalls(ch, spec.readerIdleMillis());
        ch.pipeline().addLast("frames", new FrameDecoder())
                .addLast("encoder", MessageEncoder.INSTANCE)
                .addLast("auth", auth)
                .addLast("handler", handler);
    }

    /**
     * Reads of up to 1 MiB where the data flows (a child's connection to its parent): fewer
     * read(2), CRC and write(2) calls per chunk than Netty's 64 KiB default. Buffers are pooled and
     * released as soon as their bytes are in the node-local file.
     */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator(4096, 65536, 1 << 20);

    /**
     * A channel turns unwritable above 4 MiB queued and writable again below 1 MiB. Data is queued
     * as file regions (counted by {@link FileRegionSizeEstimator}), so this bounds how far an agent
     * runs ahead of a child's socket, not heap: the bytes stay in the node-local file.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);
}
