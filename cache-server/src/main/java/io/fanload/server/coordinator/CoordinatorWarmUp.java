package io.fanload.server.coordinator;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Does, on a background thread, what a JVM's first {@link Coordinator#start} pays for once: Netty's
 * transport and its native library, its buffers and event loop, a listening pipeline, the HMAC and
 * random source, the descriptor count. launch starts it before it parses its command line, so that
 * this overlaps launch's own start (parsing, archive checks, probing the ranks' JDK) instead of
 * following it (docs/perf/jvm-cache.md, "launch's fixed cost"). It listens on loopback for a moment
 * and accepts nothing; any failure only means the coordinator pays the cost itself.
 */
public final class CoordinatorWarmUp {

    private CoordinatorWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static Thread start() {
        Thread thread = new Thread(CoordinatorWarmUp::run, "fanload-coordinator-warm-up");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    static void run() {
        try {
            // JDK logging, as in an install (whose class path has no SLF4J): Netty would otherwise pick
            // whichever logging library a class path holds and let it print its own warnings.
            InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
            DescriptorBudget.check(1);
            Secret secret = Secret.generate();
            secret.warmUp();
            Transport transport = Transport.auto();
            EventLoopGroup group = transport.newGroup(1, "fanload-warm-up");
            try {
                Pipelines.Spec spec = new Pipelines.Spec(secret, Message.Role.AGENT_TO_COORDINATOR, 0, 0);
                ChannelFuture bound = Pipelines.listen(transport, group,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), spec,
                        new Pipelines.Admission("warm-up", 1, 1), ChannelInboundHandlerAdapter::new)
                        .awaitUninterruptibly();
                if (bound.isSuccess()) {
                    Channel server = bound.channel();
                    server.close().awaitUninterruptibly();
                }
            } finally {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            }
        } catch (Exception | LinkageError e) {
            // only speed is lost: the coordinator loads and initialises all of it itself
        }
    }
}
