package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.SharedFileRegion;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One node's agent. Use {@link #start} (returns at once; the agent works on its event loop) or
 * {@link #run} (blocks until the job step ends). Life of an agent:
 * <ol>
 *   <li>creates the node-local folder (0700), listens for children, joins the coordinator;</li>
 *   <li>gets its place: a parent to fetch from, or the archive to read (the reader);</li>
 *   <li>writes each verified chunk into the node-local archive file and at once offers it to its
 *       children, sent from that file with sendfile while their sockets are writable;</li>
 *   <li>streams SHA-256 over the copy off the event loop; when the digest matches, prepares the
 *       node-local image and reports ready ({@link #ready()} completes);</li>
 *   <li>keeps serving late and resuming children until the coordinator says the step ended, then
 *       removes the folder ({@link #terminated()} completes).</li>
 * </ol>
 * A lost, stalled or corrupting parent is reported to the coordinator, which names a new parent
 * (or tells this agent to read the archive itself); the transfer resumes at the verified offset.
 * If the node is not ready within the give-up time, it reports a fallback: its ranks load the
 * normal way. All state is confined to the agent's event loop.
 */
public final class NodeAgent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());
    /** Corrupt chunks from one parent before the agent asks for another parent. */
    static final int MAX_BAD_CHUNKS = 3;
    private static final long PROGRESS_MILLIS = 500;
    /**
     * Longest wait for a place in the tree: the coordinator places every node at most its gather
     * window (3 s) after the first joined, so a minute means it is gone or hung.
     */
    static final long PLACEMENT_SECONDS = 60;

    private final AgentConfig config;
    private final EventLoopGroup group;
    private final boolean ownGroup;
    private final EventLoop loop;
    private final ExecutorService ownExecutor;
    private final Executor executor;
    private final NodeImageLayout layout;
    private final CompletableFuture<AgentOutcome> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Set<ChildStream> children = new LinkedHashSet<>();
    private Channel dataServer;
    private Channel coordinator;
    private String directoryError;
    private volatile Message.Assign assign;
    private Preallocation preallocation;
    private LocalCopy copy;
    private DigestVerifier verifier;
    private boolean digestOk;
    private boolean preparing;
    private ParentLink link;
    /**
     * A connection to the planned parent, opened while the job gathers ({@code Expect}) and adopted
     * at placement if the coordinator keeps that parent: the handshake is then out of the
     * distribution time (20-40 ms per node on the 4-node test bed, docs/perf/tree.md).
     */
    private ParentLink early;
    private Endpoint parent;
    private int badChunks;
    private SourceReader reader;
    private long placedNanos;
    private TransferTimeline timeline;
    private long reportedOffset = -1;
    private int progressTicks;
    private ScheduledFuture<?> giveUpTimer;
    private ScheduledFuture<?> progressTimer;
    private boolean registered;
    private boolean coordinatorLost;
    private volatile boolean endedOrphaned;
    private boolean stopping;

    private NodeAgent(AgentConfig config) {
        this.config = config;
        this.ownGroup = config.group() == null;
        this.group = ownGroup ? config.transport().newGroup(1, "fanload-agent") : config.group();
        this.loop = group.next();
        this.ownExecutor = config.digestExecutor() == null
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "fanload-digest-" + config.nodeId());
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.executor = ownExecutor != null ? ownExecutor : config.digestExecutor();
        this.layout = new NodeImageLayout(config.localDir());
    }

    /**
     * Creates the node-local folder, binds the data port and connects to the coordinator. Fails
     * only if the data port cannot be bound; every later problem ends in {@link #ready()} with a
     * fallback outcome.
     */
    public static NodeAgent start(AgentConfig config) throws IOException {
        config.validate();
        config.secret().warmUp();
        NodeAgent agent = new NodeAgent(config);
        try {
            NodeDirectory.create(config.localDir());
        } catch (IOException | RuntimeException e) {
            agent.directoryError = "cannot create the node-local folder: " + Errors.oneLine(e);
        }
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.CHILD_TO_PARENT, 0, 0);
        ChannelFuture bound = Pipelines.listen(config.transport(), agent.loop,
                new InetSocketAddress(config.bindHost(), config.dataPort()), spec, config.admission(),
                () -> agent.new ChildStream())
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            agent.loop.execute(() -> agent.terminate(true));
            throw new IOException("node " + config.nodeId() + " cannot listen on " + config.bindHost() + ":"
                    + config.dataPort() + ": " + Errors.oneLine(bound.cause()));
        }
        agent.dataServer = bound.channel();
        // Alongside joining and the wait for a place: the first transfer then runs on loaded classes.
        DataPathWarmUp.startOnce(config.transport(), agent.loop);
        agent.loop.execute(agent::connectCoordinator);
        return agent;
    }

    /** Starts an agent and blocks until the job step ended; returns how the node ended. */
    public static AgentOutcome run(AgentConfig config) throws IOException {
        NodeAgent agent = start(config);
        agent.terminated().join();
        return agent.ready().join();
    }

    /** Completes when the node is ready or has fallen back (never exceptionally). */
    public CompletableFuture<AgentOutcome> ready() {
        return ready;
    }

    /** Completes when the agent has stopped and (unless kept) removed the node-local folder. */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** Whether the agent ended the step itself, having lost the coordinator (no Shutdown came). */
    public boolean endedOrphaned() {
        return endedOrphaned;
    }

    public String nodeId() {
        return config.nodeId();
    }

    /** Join position in the tree (0: the first reader), or -1 before the coordinator placed this node. */
    public int position() {
        Message.Assign a = assign;
        return a == null ? -1 : a.position();
    }

    public NodeImageLayout layout() {
        return layout;
    }

    /** Where children connect. */
    public InetSocketAddress dataAddress() {
        return (InetSocketAddress) dataServer.localAddress();
    }

    /**
     * Stops now, as if killed: no goodbye to anyone, the node-local folder left behind (tests).
     * Called on the agent's own event loop (from {@link AgentConfig#onVerified}) it stops at once,
     * between two chunks, and does not wait.
     */
    public void kill() {
        if (loop.inEventLoop()) {
            terminate(false);
            return;
        }
        loop.execute(() -> terminate(false));
        terminated.join();
    }

    /**
     * Stops, removes the node-local folder (unless kept) and waits for it. Idempotent: after the
     * coordinator ended the step the agent is already terminated and its event loop gone.
     */
    @Override
    public void close() {
        if (terminated.isDone()) {
            return;
        }
        try {
            loop.execute(() -> terminate(true));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // terminating right now, on its own
        }
        terminated.join();
    }

    // ---- coordinator ----

    private void connectCoordinator() {
        Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.AGENT_TO_COORDINATOR, 0, 0);
        ChannelFuture f = Pipelines.connect(config.transport(), loop, config.coordinator(), spec, config.nodeId(),
                new CoordinatorLink());
        coordinator = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                fail("cannot reach the coordinator at " + config.coordinator() + ": " + Errors.oneLine(done.cause()));
                terminate(true);
            }
        });
        progressTimer = loop.scheduleAtFixedRate(this::reportProgress, PROGRESS_MILLIS, PROGRESS_MILLIS,
                TimeUnit.MILLISECONDS);
        // The give-up time comes with the placement; until then this bounds the wait.
        giveUpTimer = loop.schedule(() -> {
            if (assign == null) {
                fail("the coordinator did not place this node within " + PLACEMENT_SECONDS + " s");
            }
        }, PLACEMENT_SECONDS, TimeUnit.SECONDS);
    }

    private void tellCoordinator(Message m) {
        if (registered && coordinator.isActive()) {
            coordinator.writeAndFlush(m);
        }
    }

    private void reportProgress() {
        long offset = copy == null ? 0 : copy.verified();
        // Progress doubles as the heartbeat: at least every second even without news (the
        // coordinator drops an agent after agentSilence, at least 2 s).
        if (offset != reportedOffset || ++progressTicks % 2 == 0) {
            reportedOffset = offset;
            tellCoordinator(new Message.Progress(offset));
        }
    }

    /** Before placement: make room for the archive while the others join. */
    private void expect(Message.Expect e) {
        if (assign != null || preallocation != null || directoryError != null || ready.isDone()) {
            return;
        }
        try {
            FileStore store = NodeDirectory.checkSpace(config.localDir(), e.size());
            preallocation = Preallocation.startIfInMemory(store, config.localDir(), layout.archive(), e.size(), executor,
                    reason -> loop.execute(() -> {
                        if (assign == null) {
                            fail(reason);
                        }
                    }));
        } catch (IOException | RuntimeException ex) {
            fail(Errors.oneLine(ex));
            return;
        }
        if (e.parent() != null) {
            early = new ParentLink(e.parent());
            // No stall watch yet: the parent sends nothing before placement.
            early.connect(e.chunkSize(), 0);
        }
    }

    private void assigned(Message.Assign a) {
        if (assign != null || ready.isDone()) {
            return;
        }
        if (preallocation != null) {
            preallocation.stop();
        }
        assign = a;
        placedNanos = System.nanoTime();
        timeline = new TransferTimeline(placedNanos);
        giveUpTimer.cancel(false);
        giveUpTimer = loop.schedule(() -> fail("not ready after " + a.giveUpMillis() / 1000
                + " s; this node's ranks load the normal way"), a.giveUpMillis(), TimeUnit.MILLISECONDS);
        if (directoryError != null) {
            fail(directoryError);
            return;
        }
        try {
            NodeDirectory.checkSpace(config.localDir(), a.size());
            copy = new LocalCopy(layout.archive(), a.size(), a.chunkSize());
        } catch (IOException | RuntimeException e) {
            fail(Errors.oneLine(e));
            return;
        }
        verifier = new DigestVerifier(copy.channel(), a.digestEnd(), a.sha256(), executor,
                reason -> loop.execute(() -> digestDone(reason)), config.preparer().whileReceiving(layout));
        verifier.offer(0);
        ParentLink pre = early;
        early = null;
        if (a.parent() != null && pre != null && pre.from.equals(a.parent())) {
            adopt(pre);
        } else {
            if (pre != null) {
                pre.channel.close();
            }
            if (a.parent() != null) {
                connectParent(a.parent());
            } else {
                startReader(Path.of(a.source()));
            }
        }
        for (ChildStream child : new ArrayList<>(children)) {
            child.start();
        }
    }

    private void reparent(Message.Reparent r) {
        if (ready.isDone() || copy == null || copy.complete()) {
            return;
        }
        detachLink();
        if (r.parent() != null) {
            connectParent(r.parent());
        } else {
            LOG.log(System.Logger.Level.INFO, "fanload: node " + config.nodeId() + " reads the archive itself from "
                    + copy.verified() + " bytes");
            startReader(Path.of(r.source()));
        }
    }

    private void coordinatorGone() {
        if (stopping) {
            return;
        }
        coordinatorLost = true;
        if (assign == null) {
            fail("lost the coordinator before it placed this node");
        }
        endIfOrphaned();
    }

    /** Without a coordinator nobody will end the step: end when own work and serving are done. */
    private void endIfOrphaned() {
        if (coordinatorLost && ready.isDone() && children.isEmpty() && !stopping) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId()
                    + " lost the coordinator; ending the step here");
            endedOrphaned = true;
            terminate(!config.keepWhenOrphaned());
        }
    }

    // ---- receiving ----

    private void connectParent(Endpoint to) {
        if (!to.equals(parent)) {
            badChunks = 0;
        }
        parent = to;
        ParentLink l = new ParentLink(to);
        link = l;
        l.connect(assign.chunkSize(), assign.stallMillis());
    }

    /** Placement kept the planned parent: the connection made during the gather becomes the link. */
    private void adopt(ParentLink pre) {
        parent = pre.from;
        badChunks = 0;
        link = pre;
        Pipelines.watchForStalls(pre.channel, assign.stallMillis());
        if (pre.authenticated) {
            pre.fetch();
        }
    }

    private void startReader(Path source) {
        SourceReader r = new SourceReader(source, copy, copy.verified(), new SourceReader.Sink() {
            @Override
            public void chunkRead(int index, int crc) {
                loop.execute(() -> {
                    if (reader != null && !stopping) {
                        chunkReceived(index, crc);
                    }
                });
            }

            @Override
            public void readFailed(String reason) {
                loop.execute(() -> fail(reason));
            }
        });
        reader = r;
        timeline.connected();
        r.startThread(config.nodeId());
    }

    private void detachLink() {
        ParentLink l = link;
        link = null;
        if (l != null && l.channel != null) {
            l.channel.close();
        }
    }

    private void parentLost(ParentLink l, String reason) {
        if (l != link || stopping) {
            return;
        }
        detachLink();
        if (ready.isDone() || copy.complete()) {
            return;
        }
        String what = "parent " + l.from + ": " + reason;
        if (coordinatorLost) {
            fail("lost " + what + ", and the coordinator is gone");
            return;
        }
        tellCoordinator(new Message.ParentLost(l.from.nodeId(), copy.verified(), reason));
    }

    private void badChunk(ParentLink l, String reason) {
        if (++badChunks > MAX_BAD_CHUNKS) {
            parentLost(l, badChunks - 1 + " corrupt chunks; last: " + reason);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": " + reason + "; fetching it again");
        detachLink();
        connectParent(l.from);
    }

    private void chunkReceived(int index, int crc) {
        copy.commit(index, crc);
        timeline.firstByte();
        config.onVerified().accept(copy.verified());
        if (stopping) {
            return;
        }
        for (ChildStream child : children) {
            child.pump();
        }
        verifier.offer(copy.verified());
        if (copy.complete()) {
            timeline.lastChunk();
            detachLink();
            reader = null;
            maybeReady();
        }
    }

    private void digestDone(String mismatch) {
        if (mismatch != null) {
            fail(mismatch);
            return;
        }
        digestOk = true;
        timeline.digested();
        maybeReady();
    }

    private void maybeReady() {
        if (!digestOk || !copy.complete() || preparing || ready.isDone()) {
            return;
        }
        preparing = true;
        executor.execute(() -> {
            try {
                config.preparer().prepare(copy.file(), layout);
                loop.execute(this::reportReady);
            } catch (IOException | RuntimeException e) {
                loop.execute(() -> fail("cannot prepare the node-local image: " + Errors.oneLine(e)));
            }
        });
    }

    private void reportReady() {
        if (ready.isDone() || stopping) {
            return;
        }
        long micros = (System.nanoTime() - placedNanos) / 1000;
        giveUpTimer.cancel(false);
        tellCoordinator(new Message.Ready(copy.size(), micros));
        ready.complete(new AgentOutcome(AgentOutcome.Status.READY, "", copy.size(), micros / 1e6, timeline.summary()));
        endIfOrphaned();
    }

    /** Gives up: this node's ranks load the normal way. */
    private void fail(String reason) {
        if (ready.isDone()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + " falls back: " + reason);
        tellCoordinator(new Message.Failed(reason));
        double seconds = placedNanos == 0 ? 0 : (System.nanoTime() - placedNanos) / 1e9;
        ready.complete(new AgentOutcome(AgentOutcome.Status.FALLBACK, reason, copy == null ? 0 : copy.verified(), seconds,
                timeline == null ? "" : timeline.summary()));
        stopReceiving();
        // A node that fell back is nobody's parent: its children re-parent at once.
        stopServing();
        endIfOrphaned();
    }

    private void stopServing() {
        for (ChildStream child : new ArrayList<>(children)) {
            child.channel.close();
        }
        if (dataServer != null) {
            dataServer.close();
        }
    }

    private void stopReceiving() {
        if (preallocation != null) {
            preallocation.stop();
        }
        if (early != null) {
            early.channel.close();
            early = null;
        }
        if (giveUpTimer != null) {
            giveUpTimer.cancel(false);
        }
        detachLink();
        if (reader != null) {
            reader.stop();
            reader = null;
        }
        if (verifier != null) {
            verifier.stop();
        }
    }

    private boolean fellBack() {
        return ready.isDone() && !ready.join().ready();
    }

    /** Ends the agent; {@code clean}: remove the node-local folder. Runs on the loop. */
    private void terminate(boolean clean) {
        if (stopping) {
            return;
        }
        stopping = true;
        if (progressTimer != null) {
            progressTimer.cancel(false);
        }
        stopReceiving();
        stopServing();
        if (coordinator != null) {
            coordinator.close();
        }
        if (!ready.isDone()) {
            ready.complete(new AgentOutcome(AgentOutcome.Status.FALLBACK, "stopped before ready",
                    copy == null ? 0 : copy.verified(), 0, ""));
        }
        // Let the closes above run before the file goes away under a sendfile.
        loop.execute(() -> {
            try {
                if (copy != null) {
                    copy.close();
                }
                if (clean && !config.keepLocalDir() && directoryError == null) {
                    NodeDirectory.remove(config.localDir());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId()
                        + " cannot remove its node-local folder: " + Errors.oneLine(e));
            } finally {
                if (ownExecutor != null) {
                    ownExecutor.shutdownNow();
                }
                terminated.complete(null);
                if (ownGroup) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                }
            }
        });
    }

    /** The connection to the coordinator. */
    private final class CoordinatorLink extends SimpleChannelInboundHandler<Message> {

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Authenticated) {
                registered = true;
                ctx.writeAndFlush(new Message.Register(new Endpoint(config.nodeId(), config.advertiseHost(),
                        dataAddress().getPort())));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (msg instanceof Message.Assign a) {
                assigned(a);
            } else if (msg instanceof Message.Expect e) {
                expect(e);
            } else if (msg instanceof Message.Reparent r) {
                reparent(r);
            } else if (msg instanceof Message.Shutdown) {
                terminate(true);
            } else if (msg instanceof Message.ErrorMessage e) {
                fail("the coordinator refused this node: " + e.reason());
            } else if (msg instanceof Message.Failed f) {
                fail("the coordinator gave up: " + f.reason());
            } else {
                LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": unexpected "
                        + msg.getClass().getSimpleName() + " from the coordinator");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            coordinatorGone();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": coordinator connection: "
                    + Errors.oneLine(cause));
            ctx.close();
        }
    }

    /**
     * One connection to a parent: checks, writes and commits each chunk as it arrives. Made either
     * at placement (the {@link #link}) or during the gather ({@link #early}, idle until adopted).
     */
    private final class ParentLink extends SimpleChannelInboundHandler<Message> {
        final Endpoint from;
        Channel channel;
        boolean authenticated;
        private IncomingChunk chunk;
        private long expected;

        ParentLink(Endpoint from) {
            this.from = from;
        }

        /** Opens the connection; {@code stallMillis} 0: no watch for a silent parent (yet). */
        void connect(int chunkSize, long stallMillis) {
            Pipelines.Spec spec = new Pipelines.Spec(config.secret(), Message.Role.CHILD_TO_PARENT, chunkSize, stallMillis);
            ChannelFuture f = Pipelines.connect(config.transport(), loop, new InetSocketAddress(from.host(), from.port()),
                    spec, config.nodeId(), this);
            channel = f.channel();
            f.addListener(done -> {
                if (!done.isSuccess()) {
                    lost("cannot connect: " + Errors.oneLine(done.cause()));
                }
            });
        }

        /** Asks the parent for everything after the verified prefix. */
        void fetch() {
            timeline.connected();
            chunk = new IncomingChunk(copy);
            expected = copy.verified();
            channel.writeAndFlush(new Message.Fetch(expected));
        }

        /** An early link that fails is dropped quietly (placement connects anew); the link is a lost parent. */
        private void lost(String reason) {
            if (this == early) {
                early = null;
                channel.close();
            } else {
                parentLost(this, reason);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (this == early) {
                authenticated |= evt instanceof Authenticated;
            } else if (link != this) {
                ctx.close();
            } else if (evt instanceof Authenticated) {
                authenticated = true;
                fetch();
            } else if (evt instanceof IdleStateEvent) {
                parentLost(this, "no data for " + assign.stallMillis() + " ms");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (link != this) {
                return;
            }
            if (msg instanceof Message.ChunkPart p) {
                part(p);
            } else if (msg instanceof Message.ChunkHeader h) {
                int index = copy.chunkAt(h.offset());
                if (chunk == null || h.offset() != expected || index < 0 || h.length() != copy.chunkLength(index)) {
                    parentLost(this, "sent " + h.length() + " bytes at " + h.offset() + ", expected the chunk at " + expected);
                    return;
                }
                chunk.begin(index, h.offset(), h.crc32c());
            } else if (msg instanceof Message.ErrorMessage e) {
                parentLost(this, "refused: " + e.reason());
            } else if (!(msg instanceof Message.Progress)) {
                parentLost(this, "sent an unexpected " + msg.getClass().getSimpleName());
            }
        }

        private void part(Message.ChunkPart p) {
            if (chunk == null || !chunk.open()) {
                parentLost(this, "sent data outside a chunk");
                return;
            }
            timeline.firstByte();
            try {
                chunk.write(p.data());
            } catch (IOException e) {
                fail("cannot write the node-local copy " + copy.file() + ": " + Errors.oneLine(e));
                return;
            }
            if (!p.last()) {
                return;
            }
            int index = chunk.index();
            if (!chunk.end()) {
                badChunk(this, "chunk " + index + " from " + from + " failed its CRC32C");
                return;
            }
            expected = chunk.writeAt();
            chunkReceived(index, chunk.announcedCrc());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost("connection closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            lost(Errors.oneLine(cause));
        }
    }

    /** One child: sends it verified chunks from the local file while its socket is writable. */
    private final class ChildStream extends SimpleChannelInboundHandler<Message> {
        Channel channel;
        private String childId = "?";
        private long next = -1;
        private boolean sentSinceTick;
        private ScheduledFuture<?> keepalive;

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
            if (msg instanceof Message.Fetch && (stopping || fellBack())) {
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
            if (copy == null || next < 0 || keepalive != null || !channel.isActive()) {
                return;
            }
            if (next != copy.size() && copy.chunkAt(next) < 0) {
                refuse("offset " + next + " is not a chunk boundary of this archive");
                return;
            }
            long every = Math.max(50, assign.stallMillis() / 3);
            keepalive = loop.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
            pump();
        }

        /** Tells an idle child we are alive, so it does not take our upstream's pause for our death. */
        private void tick() {
            if (!sentSinceTick && channel.isActive()) {
                channel.writeAndFlush(new Message.Progress(copy.verified()));
            }
            sentSinceTick = false;
        }

        void pump() {
            if (copy == null || keepalive == null || !channel.isActive()) {
                return;
            }
            boolean wrote = false;
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

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump();
            ctx.fireChannelWritabilityChanged();
        }

        private void refuse(String reason) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": child " + childId + ": " + reason);
            channel.writeAndFlush(new Message.ErrorMessage(reason)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (keepalive != null) {
                keepalive.cancel(false);
            }
            if (children.remove(this)) {
                endIfOrphaned();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": child " + childId + ": "
                    + Errors.oneLine(cause));
            ctx.close();
        }
    }
}
