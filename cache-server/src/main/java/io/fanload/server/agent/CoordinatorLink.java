package io.fanload.server.agent;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The agent's connection to the coordinator: registers once authenticated, passes the
 * coordinator's orders to the agent, sends what the agent reports, and the heartbeat (Progress
 * every 0.5 s when it changed, at least every second). Confined to the agent's event loop.
 */
final class CoordinatorLink {

    private static final System.Logger LOG = System.getLogger(CoordinatorLink.class.getName());
    private static final long PROGRESS_MILLIS = 500;

    /** The coordinator's orders, and what the link needs from the agent. */
    interface Events {
        void expect(Message.Expect e);

        void assigned(Message.Assign a);

        void reparent(Message.Reparent r);

        /** The step ended. */
        void shutdown();

        void fail(String reason);

        /** The connection could not be made, or was closed by the other side. */
        void unreachable(String reason);

        void gone();

        boolean stopped();
    }

    private final AgentConfig config;
    private final EventLoop loop;
    private final Events events;
    private final LongSupplier verified;
    private Channel channel;
    private boolean registered;
    private boolean gone;
    private long reportedOffset = -1;
    private int progressTicks;
    private ScheduledFuture<?> progressTimer;

    /** {@code verified}: the bytes this node holds verified, for the heartbeat. */
    CoordinatorLink(AgentConfig config, EventLoop loop, Events events, LongSupplier verified) {
        this.config = config;
        this.loop = loop;
        this.events = events;
        this.verified = verified;
    }

    /** Connects, authenticates and registers ({@code dataPort}: where children reach this node). */
    void connect(int dataPort) {
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.AGENT_TO_COORDINATOR, 0, 0);
        ChannelFuture f = Pipelines.connect(config.transport(), loop, config.coordinator(), spec, config.nodeId(),
                new Handler(dataPort));
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                events.unreachable("cannot reach the coordinator at " + config.coordinator() + ": "
                        + Errors.oneLine(done.cause()));
            }
        });
        progressTimer = loop.scheduleAtFixedRate(this::reportProgress, PROGRESS_MILLIS, PROGRESS_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Whether the coordinator went away while this agent was running. */
    boolean gone() {
        return gone;
    }

    void tell(Message m) {
        if (registered && channel.isActive()) {
            channel.writeAndFlush(m);
        }
    }

    /** Sends {@code m}, from any thread; completes true once written to the socket, false if it could not be. */
    CompletableFuture<Boolean> send(Message m) {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                if (registered && channel.isActive()) {
                    channel.writeAndFlush(m).addListener(f -> written.complete(f.isSuccess()));
                } else {
                    written.complete(false);
                }
            });
        } catch (RejectedExecutionException e) {
            written.complete(false); // the agent stopped: its event loop is gone
        }
        return written;
    }

    /** No more progress or heartbeat: the agent is stopping (the link itself stays until {@link #close()}). */
    void stopReporting() {
        if (progressTimer != null) {
            progressTimer.cancel(false);
        }
    }

    void close() {
        stopReporting();
        if (channel != null) {
            channel.close();
        }
    }

    private void reportProgress() {
        long offset = verified.getAsLong();
        // Progress doubles as the heartbeat: at least every second even without news (the
        // coordinator drops an agent after agentSilence, at least 2 s).
        if (offset != reportedOffset || ++progressTicks % 2 == 0) {
            reportedOffset = offset;
            tell(new Message.Progress(offset));
        }
    }

    /** Registers once authenticated, then hands every order to the agent. */
    private final class Handler extends SimpleChannelInboundHandler<Message> {
        private final int dataPort;

        Handler(int dataPort) {
            this.dataPort = dataPort;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Authenticated) {
                registered = true;
                ctx.writeAndFlush(new Message.Register(new Endpoint(config.nodeId(), config.advertiseHost(), dataPort)));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (msg instanceof Message.Assign a) {
                events.assigned(a);
            } else if (msg instanceof Message.Expect e) {
                events.expect(e);
            } else if (msg instanceof Message.Reparent r) {
                events.reparent(r);
            } else if (msg instanceof Message.Shutdown) {
                events.shutdown();
            } else if (msg instanceof Message.ErrorMessage e) {
                events.fail("the coordinator refused this node: " + e.reason());
            } else if (msg instanceof Message.Failed f) {
                events.fail("the coordinator gave up: " + f.reason());
            } else {
                LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": unexpected "
                        + msg.getClass().getSimpleName() + " from the coordinator");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!events.stopped()) {
                gone = true;
                events.gone();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": coordinator connection: "
                    + Errors.oneLine(cause));
            ctx.close();
        }
    }
}
