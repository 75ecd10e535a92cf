package io.fanload.server.coordinator;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.counters.RankTotals;
import io.fanload.server.placement.Job;
import io.fanload.server.placement.PlacedNode;
import io.fanload.server.placement.Placement;
import io.fanload.server.placement.Send;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator of one distribution. Use:
 * <pre>
 *   try (Coordinator c = Coordinator.start(config)) {
 *       // hand c.address() and the secret to the agents, start them
 *       DistributionResult r = c.result().get();
 *       // ... the job step runs ...
 *   }   // close(): tells every agent the step ended (they remove their node-local folders)
 * </pre>
 * A thin adapter: it accepts authenticated agents, passes what they say to the {@link Placement}
 * (which decides where nodes go, who adopts orphans, who leaves a slow parent, when all is done)
 * and writes out the messages it returns. It owns the timers (gather window, registration
 * timeout, pace samples) and the clock. The result completes once every expected node is ready,
 * has fallen back or is lost, or the registration timeout passed for those that never joined.
 */
public final class Coordinator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Coordinator.class.getName());

    private final CoordinatorConfig config;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    /** Accepts agents' connections while the loop is busy with their handshakes (Pipelines.listen). */
    private final EventLoopGroup acceptGroup;
    private final EventLoop loop;
    private final CompletableFuture<DistributionResult> result = new CompletableFuture<>();
    private final Placement placement;
    /** Every registered node's connection, by node id. */
    private final Map<String, Channel> channels = new HashMap<>();
    private final RankReports rankReports = new RankReports();
    private Channel server;
    private ScheduledFuture<?> paceTimer;

    private Coordinator(CoordinatorConfig config) {
        this.config = config;
        this.ownGroup = config.group() == null;
        this.group = ownGroup ? config.transport().newGroup(1, "fanload-coordinator") : config.group();
        this.loop = group.next();
        this.acceptGroup = config.transport().newGroup(1, "fanload-coordinator-accept");
        TransferSpec t = config.transfer();
        this.placement = new Placement(new Job(config.expectedNodes(), config.shape(), config.chunkSize(), t.size(),
                t.digestEnd(), t.sha256(), config.source().toString(), (int) config.stallTimeout().toMillis(),
                config.giveUp().toMillis(), config.leaveSlowParents()));
    }

    /**
     * Validates the config, binds the listening port and starts accepting agents; refuses (an
     * IOException with the limit) when the process may not open a connection per expected agent.
     */
    public static Coordinator start(CoordinatorConfig config) throws IOException {
        config.validate();
        DescriptorBudget.check(config.expectedNodes());
        config.secret().warmUp();
        Coordinator c = new Coordinator(config);
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.AGENT_TO_COORDINATOR,
                0, config.agentSilence().toMillis());
        var bound = Pipelines.listen(config.transport(), c.acceptGroup, c.loop, config.bind(), spec, config.admission(),
                () -> c.new AgentHandler())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            c.shutdownGroup();
            throw new IOException("coordinator cannot listen on " + config.bind() + ": " + Errors.oneLine(bound.cause()));
        }
        c.server = bound.channel();
        c.loop.schedule(c::closeRegistration, config.registrationTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return c;
    }

    /** Where agents connect. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Completes once every node is ready, fell back, was lost or never came. */
    public CompletableFuture<DistributionResult> result() {
        return result;
    }

    /**
     * The outcome so far, for a progress display: nodes still receiving are listed as LOST with
     * "still receiving" in their detail and their verified bytes in {@code bytes}.
     */
    public DistributionResult snapshot() {
        return CompletableFuture.supplyAsync(this::report, loop).join();
    }

    /**
     * What the node agents reported of their ranks (node id -> sums; Counters), once the reports
     * cover {@code ranks} ranks, or every agent still connected reported and none changed for a
     * second, or {@code bound} passed. Call once the job step ended, before {@link #close()}.
     */
    public Map<String, RankTotals> rankTotals(int ranks, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Map<String, RankTotals> done = CompletableFuture.supplyAsync(() -> {
                long now = System.nanoTime();
                Set<String> connected = new HashSet<>();
                channels.forEach((node, channel) -> {
                    if (channel.isActive()) {
                        connected.add(node);
                    }
                });
                return rankReports.complete(ranks, connected, now) || now >= deadline ? rankReports.snapshot() : null;
            }, loop).join();
            if (done != null) {
                return done;
            }
            Thread.sleep(20);
        }
    }

    /**
     * How long {@link #close()} waits for the agents to clean their nodes and close their links: longer
     * than an agent may wait for its image build to stop (5 s), plus removing the node's folder.
     */
    static final long AGENT_LEAVE_MILLIS = 10_000;

    /** The job step ended: tells every agent to clean up and exit, then stops listening. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            placement.close();
            for (Channel channel : channels.values()) {
                if (channel.isActive()) {
                    // The agent closes the link once its node is clean: waited for below, so that
                    // nothing of the step is left on a node when launch returns.
                    channel.writeAndFlush(new Message.Shutdown()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                }
            }
            server.close();
            if (!result.isDone()) {
                result.complete(report());
            }
            done.complete(null);
        });
        done.join();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AGENT_LEAVE_MILLIS);
        for (Channel channel : channels.values()) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                channel.close();
            }
        }
        shutdownGroup();
    }

    private void shutdownGroup() {
        acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    // ---- events into the placement, all on the loop ----

    /** Registers {@code channel}'s node; false when it was refused (and is being closed). */
    private boolean register(Channel channel, Message.Register r) {
        Placement.Admission admission = placement.join(r.endpoint(), System.nanoTime());
        if (admission.refusal() != null) {
            refuse(channel, admission.refusal());
            return false;
        }
        channels.put(r.endpoint().nodeId(), channel);
        if (admission.opensGather()) {
            loop.schedule(() -> send(placement.gatherEnded(System.nanoTime())), config.gatherWindow().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        send(admission.sends());
        return true;
    }

    private void closeRegistration() {
        placement.closeRegistration();
        checkDone();
    }

    private void samplePace() {
        if (!placement.pacing() || result.isDone()) {
            paceTimer.cancel(false);
            return;
        }
        send(placement.samplePace(System.nanoTime()));
    }

    /** Writes what the placement decided, then starts the pace samples or completes the result if due. */
    private void send(List<Send> sends) {
        for (Send s : sends) {
            Channel channel = channels.get(s.to());
            if (channel != null) {
                channel.writeAndFlush(s.message());
            }
        }
        if (paceTimer == null && placement.pacing()) {
            paceTimer = loop.scheduleAtFixedRate(this::samplePace, Placement.PACE_SAMPLE_MILLIS,
                    Placement.PACE_SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        }
        checkDone();
    }

    private void checkDone() {
        if (!result.isDone() && placement.complete()) {
            result.complete(report());
        }
    }

    private DistributionResult report() {
        List<DistributionResult.NodeReport> reports = new ArrayList<>();
        double last = 0;
        for (PlacedNode n : placement.nodes()) {
            PlacedNode.Outcome o = n.outcome();
            if (o == PlacedNode.Outcome.READY) {
                last = Math.max(last, n.readySeconds());
            }
            reports.add(new DistributionResult.NodeReport(n.nodeId(),
                    o == null ? DistributionResult.Status.LOST : DistributionResult.Status.valueOf(o.name()),
                    o == null ? -1 : n.readySeconds(), n.position(), n.depth(), n.reparents(), n.slowMoves(), n.offset(),
                    o == null ? "still receiving at " + n.offset() + " bytes" : n.detail(),
                    placement.sinceStart(n.joinedNanos()), byteMark(n.firstByteNanos()), byteMark(n.lastByteNanos())));
        }
        return new DistributionResult(config.transfer().size(), config.expectedNodes(),
                config.expectedNodes() - placement.nodes().size(), last, reports);
    }

    /** A byte mark in seconds since the start; before it (a reader during the gather) counts as 0, as ready does. */
    private double byteMark(long nanos) {
        return nanos < 0 ? -1 : Math.max(0, placement.sinceStart(nanos));
    }

    private static void refuse(Channel channel, String reason) {
        LOG.log(System.Logger.Level.WARNING, "fanload: refused agent " + channel.remoteAddress() + ": " + reason);
        channel.writeAndFlush(new Message.ErrorMessage(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** One agent's connection: decodes into placement events; runs on the coordinator's loop. */
    private final class AgentHandler extends SimpleChannelInboundHandler<Message> {
        private String peerId;
        private boolean registered;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Authenticated a) {
                peerId = a.peerNodeId();
            } else if (evt instanceof IdleStateEvent) {
                LOG.log(System.Logger.Level.WARNING, "fanload: agent " + peerId + " silent for "
                        + config.agentSilence().toSeconds() + " s; dropping it");
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (!registered) {
                if (msg instanceof Message.Register r && r.endpoint().nodeId().equals(peerId)) {
                    registered = register(ctx.channel(), r);
                } else {
                    refuse(ctx.channel(), "expected a Register for " + peerId);
                }
                return;
            }
            long now = System.nanoTime();
            if (msg instanceof Message.Progress p) {
                placement.progress(peerId, p.offset(), now);
            } else if (msg instanceof Message.ParentLost p) {
                send(placement.parentLost(peerId, p.parentId(), p.offset(), p.reason()));
            } else if (msg instanceof Message.Ready r) {
                placement.ready(peerId, r.bytes(), r.firstByteMicros(), r.lastByteMicros(), now);
                checkDone();
            } else if (msg instanceof Message.Failed f) {
                send(placement.failed(peerId, f.reason(), now));
            } else if (msg instanceof Message.Counters c) {
                rankReports.add(peerId, c.totals(), now);
            } else {
                refuse(ctx.channel(), "unexpected " + msg.getClass().getSimpleName() + " from an agent");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (registered) {
                placement.disconnected(peerId, System.nanoTime());
                checkDone();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "fanload: agent " + peerId + ": " + Errors.oneLine(cause));
            ctx.close();
        }
    }
}
