package io.fanload.server.coordinator;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.tree.ParentChooser;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Nodes are placed in join order on the configured {@link io.fanload.server.tree.TreeShape}; the
 * first to join reads the archive, and is placed at once, so that reading the archive overlaps the
 * gather (the others are placed when all joined or the gather window passed). The result completes
 * once every expected node is ready, has fallen back or is lost, or the registration timeout passed
 * for those that never joined.
 */
public final class Coordinator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Coordinator.class.getName());
    /** Readers that failed before the coordinator gives the archive up (a second reader rules out one node's trouble). */
    static final int MAX_READER_FAILURES = 2;

    private final CoordinatorConfig config;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop loop;
    private final CompletableFuture<DistributionResult> result = new CompletableFuture<>();
    private final Map<String, NodeState> nodes = new LinkedHashMap<>();
    private final List<NodeState> byPosition = new ArrayList<>();
    private Channel server;
    private long startNanos;
    private boolean registrationClosed;
    private boolean started;
    private NodeState reader;
    private int readerFailures;
    private String abandoned;
    private boolean closed;
    private ScheduledFuture<?> paceTimer;
    /** The fastest any node received at so far, in bytes per second (see {@link SlowParents}). */
    private double peakRate;

    private Coordinator(CoordinatorConfig config) {
        this.config = config;
        this.ownGroup = config.group() == null;
        this.group = ownGroup ? config.transport().newGroup(1, "fanload-coordinator") : config.group();
        this.loop = group.next();
    }

    /** Validates the config, binds the listening port and starts accepting agents. */
    public static Coordinator start(CoordinatorConfig config) throws IOException {
        config.validate();
        config.secret().warmUp();
        Coordinator c = new Coordinator(config);
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.AGENT_TO_COORDINATOR,
                0, config.agentSilence().toMillis());
        var bound = Pipelines.listen(config.transport(), c.loop, config.bind(), spec, config.admission(),
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

    /** The job step ended: tells every agent to clean up and exit, then stops listening. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            List<io.netty.channel.ChannelFuture> writes = new ArrayList<>();
            for (NodeState n : nodes.values()) {
                if (n.channel.isActive()) {
                    writes.add(n.channel.writeAndFlush(new Message.Shutdown()).addListener(ChannelFutureListener.CLOSE));
                }
            }
            server.close();
            if (!result.isDone()) {
                result.complete(report());
            }
            done.complete(null);
        });
        done.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (NodeState n : nodes.values()) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!n.channel.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                n.channel.close();
            }
        }
        shutdownGroup();
    }

    private void shutdownGroup() {
        if (ownGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    // ---- state changes, all on the loop ----

    private void register(NodeState node) {
        if (nodes.size() >= config.expectedNodes() || registrationClosed || closed) {
            refuse(node.channel, "the coordinator expects no more agents");
            return;
        }
        if (nodes.containsKey(node.endpoint.nodeId())) {
            refuse(node.channel, "node id " + node.endpoint.nodeId() + " is already registered");
            return;
        }
        node.position = byPosition.size();
        node.depth = config.shape().depthOf(node.position);
        nodes.put(node.endpoint.nodeId(), node);
        byPosition.add(node);
        boolean gathered = nodes.size() == config.expectedNodes();
        if (started || node.position == 0) {
            // The reader needs nobody: it reads while the others are still starting (at 24,000 ranks
            // the gather takes seconds, reading a few hundred MB from the shared file system about one).
            place(node);
        } else if (!gathered) {
            // The others make room for the archive meanwhile (one without room falls back now, not
            // after children were placed under it) and connect to their planned parent.
            NodeState planned = byPosition.get(config.shape().parentOf(node.position));
            node.channel.writeAndFlush(new Message.Expect(config.transfer().size(), config.chunkSize(),
                    planned.usable() ? planned.endpoint : null));
        }
        if (started) {
            return;
        }
        if (gathered) {
            // The last to join is placed now, without an Expect: there is no gather left to use.
            startDistribution();
        } else if (nodes.size() == 1) {
            loop.schedule(this::startDistribution, config.gatherWindow().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Every node joined, or the gather window passed: place everyone who joined so far. */
    private void startDistribution() {
        if (started) {
            return;
        }
        started = true;
        startNanos = System.nanoTime();
        if (config.leaveSlowParents()) {
            paceTimer = loop.scheduleAtFixedRate(this::checkPace, SlowParents.SAMPLE_MILLIS, SlowParents.SAMPLE_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        for (NodeState n : byPosition) {
            n.offsetAtStart = n.offset;
            if (n.alive && !n.placed && n.status == null) {
                place(n);
            }
        }
    }

    private void place(NodeState node) {
        node.placed = true;
        TransferSpec t = config.transfer();
        Endpoint parent = null;
        if (node.position > 0) {
            NodeState planned = byPosition.get(config.shape().parentOf(node.position));
            NodeState chosen = planned.usable() ? planned : choose(node, planned, 0);
            if (chosen != null) {
                adopt(node, chosen);
                parent = chosen.endpoint;
            }
        }
        if (parent == null) {
            reader = node;
        }
        node.channel.writeAndFlush(new Message.Assign(node.position, config.chunkSize(), t.size(), t.digestEnd(),
                t.sha256(), parent, parent == null ? config.source().toString() : "",
                (int) config.stallTimeout().toMillis(), config.giveUp().toMillis()));
    }

    private void parentLost(NodeState node, Message.ParentLost lost) {
        node.offset = Math.max(node.offset, lost.offset());
        if (abandoned != null) {
            node.channel.writeAndFlush(new Message.Failed(abandoned));
            return;
        }
        NodeState old = nodes.get(lost.parentId());
        // A parent that lost one child becomes nobody's parent again — unless it is READY: its copy
        // passed the digest and it serves its other children, so a child's stall is most likely the
        // child's own link. (On the test bed a root marked suspect this way, after its 10 Mbit/s
        // child stalled, left the other nodes no complete node to move to: they fell back.)
        if (old != null && old != node && old.status != DistributionResult.Status.READY) {
            old.suspect = true;
        }
        LOG.log(System.Logger.Level.INFO, "fanload: node " + node.endpoint.nodeId() + " lost parent "
                + lost.parentId() + " at " + lost.offset() + " bytes: " + lost.reason());
        adopt(node, null);
        NodeState chosen = choose(node, old, node.offset);
        node.reparents++;
        if (chosen != null) {
            adopt(node, chosen);
        } else {
            reader = node;
            LOG.log(System.Logger.Level.INFO, "fanload: node " + node.endpoint.nodeId() + " becomes a reader of the archive");
        }
        node.channel.writeAndFlush(chosen == null
                ? new Message.Reparent(null, config.source().toString())
                : new Message.Reparent(chosen.endpoint, ""));
    }

    /** Samples every node's offset and moves children away from slow parents ({@link SlowParents}). */
    private void checkPace() {
        if (closed || result.isDone() || abandoned != null) {
            paceTimer.cancel(false);
            return;
        }
        long now = System.nanoTime();
        double seconds = (now - startNanos) / 1e9;
        for (NodeState n : byPosition) {
            n.rate.sample(n.offset, now);
            // The average since the start counts too: a reader done within the first sample (a fast
            // file system) shows no rate in any window, yet it is the pace the tree can reach. What the
            // reader read during the gather is not a pace: counted, it made every linked node look slow.
            peakRate = Math.max(peakRate, Math.max(n.rate.bytesPerSecond(), (n.offset - n.offsetAtStart) / seconds));
        }
        for (NodeState n : List.copyOf(byPosition)) {
            if (n.slowMoves < SlowParents.MAX_MOVES && SlowParents.heldBack(n, peakRate, config.chunkSize())) {
                leaveSlowParent(n);
            }
        }
    }

    private void leaveSlowParent(NodeState child) {
        NodeState slow = child.parent;
        boolean wasSuspect = slow.suspect;
        slow.suspect = true; // passed over by the chooser, and given no new children from now on
        NodeState better = choose(child, slow, child.offset);
        if (!SlowParents.worthMoving(better, child, slow, config.chunkSize())) {
            slow.suspect = wasSuspect;
            return;
        }
        LOG.log(System.Logger.Level.INFO, String.format(java.util.Locale.ROOT,
                "fanload: node %s leaves slow parent %s (%.1f MB/s, peak %.1f MB/s) for %s at %d bytes",
                child.endpoint.nodeId(), slow.endpoint.nodeId(), slow.rate.bytesPerSecond() / 1e6, peakRate / 1e6,
                better.endpoint.nodeId(), child.offset));
        adopt(child, better);
        child.slowMoves++;
        child.rate.reset();
        child.channel.writeAndFlush(new Message.Reparent(better.endpoint, ""));
    }

    /**
     * Tells every node still receiving to fall back: used when the archive itself is unreadable,
     * so that a thousand nodes do not each try to read it from the shared file system in turn.
     */
    private void abort(String reason) {
        abandoned = reason;
        LOG.log(System.Logger.Level.WARNING, "fanload: distribution abandoned: " + reason);
        for (NodeState n : byPosition) {
            if (n.status == null && n.alive) {
                n.channel.writeAndFlush(new Message.Failed(reason));
            }
        }
    }

    /** A new parent for {@code node}, or {@code null}: it reads the archive itself (also when no reader lives). */
    private NodeState choose(NodeState node, NodeState lost, long offset) {
        if (reader == null || !reader.usable()) {
            return null;
        }
        return ParentChooser.choose(node, lost, offset, byPosition);
    }

    private void adopt(NodeState child, NodeState parent) {
        if (child.parent != null) {
            child.parent.children--;
        }
        child.parent = parent;
        if (parent != null) {
            parent.children++;
        }
    }

    private void finish(NodeState node, DistributionResult.Status status, String detail) {
        if (node.status != null) {
            return;
        }
        node.status = status;
        node.detail = detail;
        // A reader may be done before the gather ends: ready at the start, 0 s.
        node.readySeconds = started ? (System.nanoTime() - startNanos) / 1e9 : 0;
        if (status != DistributionResult.Status.READY) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + node.endpoint.nodeId() + " " + detail);
        }
        checkDone();
    }

    private void lost(NodeState node) {
        node.alive = false;
        if (nodes.get(node.endpoint.nodeId()) == node) {
            finish(node, DistributionResult.Status.LOST, "lost: its agent disconnected before it was ready");
        }
    }

    private void closeRegistration() {
        registrationClosed = true;
        checkDone();
    }

    private void checkDone() {
        if (result.isDone()) {
            return;
        }
        boolean allJoined = nodes.size() == config.expectedNodes() || registrationClosed;
        if (allJoined && nodes.values().stream().allMatch(n -> n.status != null)) {
            result.complete(report());
        }
    }

    private DistributionResult report() {
        List<DistributionResult.NodeReport> reports = new ArrayList<>();
        double last = 0;
        for (NodeState n : byPosition) {
            DistributionResult.Status s = n.status;
            boolean ready = s == DistributionResult.Status.READY;
            if (ready) {
                last = Math.max(last, n.readySeconds);
            }
            reports.add(new DistributionResult.NodeReport(n.endpoint.nodeId(), s == null ? DistributionResult.Status.LOST : s,
                    s == null ? -1 : n.readySeconds, n.position, n.depth, n.reparents, n.slowMoves, n.offset,
                    s == null ? "still receiving at " + n.offset + " bytes" : n.detail));
        }
        return new DistributionResult(config.transfer().size(), config.expectedNodes(),
                config.expectedNodes() - nodes.size(), last, reports);
    }

    private static void refuse(Channel channel, String reason) {
        LOG.log(System.Logger.Level.WARNING, "fanload: refused agent " + channel.remoteAddress() + ": " + reason);
        channel.writeAndFlush(new Message.ErrorMessage(reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** What the coordinator knows of one node. */
    private final class NodeState implements SlowParents.Node {
        final Channel channel;
        final Endpoint endpoint;
        int position;
        int depth;
        NodeState parent;
        int children;
        long offset;
        /** What it had when the distribution started (the reader reads during the gather). */
        long offsetAtStart;
        boolean placed;
        boolean alive = true;
        boolean suspect;
        int reparents;
        int slowMoves;
        final RateWindow rate = new RateWindow();
        DistributionResult.Status status;
        double readySeconds;
        String detail = "";

        NodeState(Channel channel, Endpoint endpoint) {
            this.channel = channel;
            this.endpoint = endpoint;
        }

        @Override
        public NodeState parent() {
            return parent;
        }

        @Override
        public boolean receiving() {
            return alive && status == null;
        }

        @Override
        public RateWindow rate() {
            return rate;
        }

        @Override
        public boolean usable() {
            return alive && !suspect && (status == null || status == DistributionResult.Status.READY);
        }

        @Override
        public boolean complete() {
            return status == DistributionResult.Status.READY || offset == config.transfer().size();
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public int childCount() {
            return children;
        }
    }

    /** One agent's connection; runs on the coordinator's loop. */
    private final class AgentHandler extends SimpleChannelInboundHandler<Message> {
        private String peerId;
        private NodeState node;

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
            if (node == null) {
                if (msg instanceof Message.Register r && r.endpoint().nodeId().equals(peerId)) {
                    NodeState n = new NodeState(ctx.channel(), r.endpoint());
                    register(n);
                    if (nodes.get(peerId) == n) {
                        node = n;
                    }
                } else {
                    refuse(ctx.channel(), "expected a Register for " + peerId);
                }
                return;
            }
            if (msg instanceof Message.Progress p) {
                node.offset = Math.max(node.offset, p.offset());
            } else if (msg instanceof Message.ParentLost p) {
                if (node.status == null) {
                    parentLost(node, p);
                }
            } else if (msg instanceof Message.Ready r) {
                node.offset = r.bytes();
                finish(node, DistributionResult.Status.READY, "");
            } else if (msg instanceof Message.Failed f) {
                finish(node, DistributionResult.Status.FALLBACK, "fell back: " + f.reason());
                if (node == reader && ++readerFailures == MAX_READER_FAILURES) {
                    abort("the archive could not be read by " + readerFailures + " readers; last: " + f.reason());
                }
            } else {
                refuse(ctx.channel(), "unexpected " + msg.getClass().getSimpleName() + " from an agent");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (node != null) {
                lost(node);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "fanload: agent " + peerId + ": " + Errors.oneLine(cause));
            ctx.close();
        }
    }
}
