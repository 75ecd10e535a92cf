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
     * one agent's (or the coordinator's) state lives on one thread.
     */
    public static ChannelFuture listen(Transport transport, EventLoopGroup loop, SocketAddress local, Spec spec,
                                       Supplier<ChannelHandler> handlers) {
        return new ServerBootstrap().group(loop, loop).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FileRegionSizeEstimator.INSTANCE)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        init(ch, spec, AuthHandler.server(spec.secret(), spec.role(), spec.maxChunk(),
                                HANDSHAKE_MILLIS), handlers.get());
                    }
                })
                .bind(local);
    }

    /** The pipeline of one channel (public for EmbeddedChannel tests). */
    public static void init(Channel ch, Spec spec, AuthHandler auth, ChannelHandler handler) {
        if (spec.readerIdleMillis() > 0) {
            ch.pipeline().addLast("idle", new IdleStateHandler(spec.readerIdleMillis(), 0, 0, TimeUnit.MILLISECONDS));
        }
        ch.pipeline().addLast("frames", new FrameDecoder())
                .addLast("encoder", MessageEncoder.INSTANCE)
                .addLast("auth", auth)
                .addLast("handler", handler);
    }

    /**
     * A channel turns unwritable above 4 MiB queued and writable again below 1 MiB. Data is queued
     * as file regions (counted by {@link FileRegionSizeEstimator}), so this bounds how far an agent
     * runs ahead of a child's socket, not heap: the bytes stay in the node-local file.
     */
    /**
     * Reads of up to 1 MiB where the data flows (a child's connection to its parent): fewer
     * read(2), CRC and write(2) calls per chunk than Netty's 64 KiB default. Buffers are pooled and
     * released as soon as their bytes are in the node-local file.
     */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_BUFFERS = new AdaptiveRecvByteBufAllocator(4096, 65536, 1 << 20);

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);
}
