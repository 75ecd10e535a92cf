package io.fanload.server.agent;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.FileStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One node's agent. Use {@link #start} (returns at once; the agent works on its event loop) or
 * {@link #run} (blocks until the job step ends). Life of an agent ({@link AgentLifecycle}):
 * <ol>
 *   <li>JOINING: creates the node-local folder (0700), listens for children, joins the
 *       coordinator ({@link CoordinatorLink}); while the job gathers, makes room for the archive
 *       and connects to its planned parent;</li>
 *   <li>RECEIVING: gets its place: a parent to fetch from, or the archive to read
 *       ({@link Upstream}); writes each verified chunk into the node-local archive file and at once
 *       offers it to its children ({@link Children}), sent from that file with sendfile while their
 *       sockets are writable; streams SHA-256 over the copy off the event loop and, beside it, builds
 *       the node-local image ({@link Arrival}, {@link ImageBuild}: the class-path copies as the bytes
 *       arrive, the image staged at the last byte);</li>
 *   <li>PREPARING: the copy is complete and the digest matches: publishes the staged image;</li>
 *   <li>READY: reports ready ({@link #ready()} completes); keeps serving late and resuming children
 *       until the coordinator says the step ended;</li>
 *   <li>STOPPED: removes the folder ({@link #terminated()} completes).</li>
 * </ol>
 * From JOINING, RECEIVING or PREPARING the agent may fall back (FELL_BACK: its ranks load the
 * normal way, it serves nobody): no room, no place within a minute, an unreadable archive, a
 * digest mismatch, not ready within the give-up time, the coordinator refused or gave up, or a
 * lost parent once the coordinator is gone. A lost, stalled or corrupting parent is otherwise
 * reported to the coordinator, which names a new parent (or tells this agent to read the archive
 * itself); the transfer resumes at the verified offset. All state is confined to the agent's
 * event loop.
 */
public final class NodeAgent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());
    /**
     * Longest wait for a place in the tree: the coordinator places every node at most its gather
     * window (3 s) after the first joined, so a minute means it is gone or hung.
     */
    static final long PLACEMENT_SECONDS = 60;
    /** Longest wait at the end for a staging in progress, before the folder it writes into goes. */
    private static final long IMAGE_STOP_MILLIS = 5_000;

    private final AgentConfig config;
    private final AgentThreads threads;
    private final EventLoop loop;
    private final Executor executor;
    private final NodeImageLayout layout;
    private final CompletableFuture<AgentOutcome> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** The coordinator said the step ended (Shutdown): no rank of this node still needs anything. */
    private boolean stepEnded;
    private final Children children;
    private final Upstream upstream;
    private final CoordinatorLink coordinator;
    private AgentLifecycle state = AgentLifecycle.JOINING;
    private Channel dataServer;
    private String directoryError;
    private volatile Message.Assign assign;
    private Preallocation preallocation;
    private Arrival arrival;
    private long placedNanos;
    private ScheduledFuture<?> giveUpTimer;
    private volatile boolean endedOrphaned;

    private NodeAgent(AgentConfig config) {
        this.config = config;
        this.threads = new AgentThreads(config);
        this.loop = threads.loop;
        this.executor = threads.executor;
        this.layout = new NodeImageLayout(config.localDir());
        this.children = new Children(config.nodeId(), loop, () -> state.serves(), this::endIfOrphaned);
        Events events = new Events();
        this.upstream = new Upstream(config, loop, events);
        this.coordinator = new CoordinatorLink(config, loop, events,
                () -> arrival == null ? 0 : arrival.copy().verified());
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
                agent.children::newStream)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            agent.loop.execute(() -> agent.terminate(true));
            throw new IOException("node " + config.nodeId() + " cannot listen on " + config.bindHost() + ":"
                    + config.dataPort() + ": " + Errors.oneLine(bound.cause()));
        }
        agent.dataServer = bound.channel();
        // Alongside joining and the wait for a place: the first transfer then runs on loaded classes.
        DataPathWarmUp.startOnce(config.transport(), agent.loop);
        ImageWarmUp.startOnce(config.preparer());
        agent.loop.execute(agent::join);
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

    /** Sends this node's ranks' sums to the coordinator: true once written, false without one. */
    public CompletableFuture<Boolean> reportRanks(io.fanload.server.counters.RankTotals totals) {
        return coordinator.send(new Message.Counters(totals));
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

    // ---- joining ----

    private void join() {
        coordinator.connect(dataAddress().getPort());
        // The give-up time comes with the placement; until then this bounds the wait.
        giveUpTimer = loop.schedule(() -> {
            if (state == AgentLifecycle.JOINING) {
                fail("the coordinator did not place this node within " + PLACEMENT_SECONDS + " s");
            }
        }, PLACEMENT_SECONDS, TimeUnit.SECONDS);
    }

    /** Before placement: make room for the archive while the others join. */
    private void expect(Message.Expect e) {
        if (state != AgentLifecycle.JOINING || preallocation != null || directoryError != null) {
            return;
        }
        try {
            FileStore store = NodeDirectory.checkSpace(config.localDir(), e.size());
            preallocation = Preallocation.startIfInMemory(store, config.localDir(), layout.archive(), e.size(), executor,
                    reason -> loop.execute(() -> {
                        if (state == AgentLifecycle.JOINING) {
                            fail(reason);
                        }
                    }));
        } catch (IOException | RuntimeException ex) {
            fail(Errors.oneLine(ex));
            return;
        }
        if (e.parent() != null) {
            upstream.linkEarly(e.parent(), e.chunkSize());
        }
    }

    private void assigned(Message.Assign a) {
        if (state != AgentLifecycle.JOINING) {
            return;
        }
        if (preallocation != null) {
            preallocation.stop();
        }
        assign = a;
        state = AgentLifecycle.RECEIVING;
        placedNanos = System.nanoTime();
        giveUpTimer.cancel(false);
        giveUpTimer = loop.schedule(() -> fail("not ready after " + a.giveUpMillis() / 1000
                + " s; this node's ranks load the normal way"), a.giveUpMillis(), TimeUnit.MILLISECONDS);
        if (directoryError != null) {
            fail(directoryError);
            return;
        }
        try {
            arrival = new Arrival(config, layout, a, placedNanos, executor, loop, this::maybePreparing,
                    this::reportReady, this::fail);
        } catch (IOException | RuntimeException e) {
            fail(Errors.oneLine(e));
            return;
        }
        upstream.start(a, arrival);
        children.placed(arrival.copy(), a.stallMillis());
    }

    private void reparent(Message.Reparent r) {
        if (state != AgentLifecycle.RECEIVING || arrival == null || arrival.copy().complete()) {
            return;
        }
        upstream.reparent(r);
    }

    private void coordinatorGone() {
        if (state == AgentLifecycle.JOINING) {
            fail("lost the coordinator before it placed this node");
        }
        endIfOrphaned();
    }

    /** Without a coordinator nobody will end the step: end when own work and serving are done. */
    private void endIfOrphaned() {
        boolean decided = state == AgentLifecycle.READY || state == AgentLifecycle.FELL_BACK;
        if (coordinator.gone() && decided && children.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId()
                    + " lost the coordinator; ending the step here");
            endedOrphaned = true;
            terminate(!config.keepWhenOrphaned());
        }
    }

    // ---- receiving ----

    private void parentLost(Endpoint from, String reason) {
        String what = "parent " + from + ": " + reason;
        if (coordinator.gone()) {
            fail("lost " + what + ", and the coordinator is gone");
            return;
        }
        coordinator.tell(new Message.ParentLost(from.nodeId(), arrival.copy().verified(), reason));
    }

    private void chunkReceived(int index, int crc) {
        arrival.commit(index, crc);
        config.onVerified().accept(arrival.copy().verified());
        if (state == AgentLifecycle.STOPPED) {
            return;
        }
        children.pumpAll();
        if (arrival.offerVerified()) {
            upstream.finished();
            maybePreparing();
        }
    }

    /** The copy is complete and its digest matched: what is left is the image's (staged since the last byte). */
    private void maybePreparing() {
        if (state == AgentLifecycle.RECEIVING && arrival.verifiedWhole()) {
            state = AgentLifecycle.PREPARING;
        }
    }

    private void reportReady() {
        maybePreparing();
        if (state != AgentLifecycle.PREPARING) {
            return;
        }
        state = AgentLifecycle.READY;
        long micros = (System.nanoTime() - placedNanos) / 1000;
        giveUpTimer.cancel(false);
        LocalCopy copy = arrival.copy();
        TransferTimeline timeline = arrival.timeline();
        coordinator.tell(new Message.Ready(copy.size(), micros, timeline.firstByteMicros(), timeline.lastChunkMicros()));
        ready.complete(new AgentOutcome(AgentOutcome.Status.READY, "", copy.size(), micros / 1e6, timeline.summary()));
        endIfOrphaned();
    }

    /** Gives up: this node's ranks load the normal way. */
    private void fail(String reason) {
        if (state.decided()) {
            return;
        }
        state = AgentLifecycle.FELL_BACK;
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + " falls back: " + reason);
        coordinator.tell(new Message.Failed(reason));
        double seconds = placedNanos == 0 ? 0 : (System.nanoTime() - placedNanos) / 1e9;
        ready.complete(new AgentOutcome(AgentOutcome.Status.FALLBACK, reason,
                arrival == null ? 0 : arrival.copy().verified(), seconds, arrival == null ? "" : arrival.timeline().summary()));
        stopReceiving();
        // A node that fell back is nobody's parent: its children re-parent at once.
        stopServing();
        endIfOrphaned();
    }

    private void stopServing() {
        children.closeAll();
        if (dataServer != null) {
            dataServer.close();
        }
    }

    private void stopReceiving() {
        if (preallocation != null) {
            preallocation.stop();
        }
        if (giveUpTimer != null) {
            giveUpTimer.cancel(false);
        }
        upstream.stop();
        if (arrival != null) {
            arrival.stop();
        }
    }

    /** Ends the agent; {@code clean}: remove the node-local folder. Runs on the loop. */
    private void terminate(boolean clean) {
        if (state == AgentLifecycle.STOPPED) {
            return;
        }
        state = AgentLifecycle.STOPPED;
        stopReceiving();
        stopServing();
        if (clean) {
            coordinator.stopReporting(); // the link closes last: the coordinator waits for it
        } else {
            coordinator.close();
        }
        if (!ready.isDone()) {
            ready.complete(new AgentOutcome(AgentOutcome.Status.FALLBACK, "stopped before ready",
                    arrival == null ? 0 : arrival.copy().verified(), 0, ""));
        }
        // Let the closes above run before the file goes away under a sendfile.
        loop.execute(() -> {
            try {
                if (arrival != null) {
                    arrival.close(IMAGE_STOP_MILLIS);
                }
                if (clean && !config.keepLocalDir() && directoryError == null) {
                    NodeDirectory.remove(config.localDir());
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId()
                        + " cannot remove its node-local folder: " + Errors.oneLine(e));
            } finally {
                if (clean) {
                    leave();
                }
                terminated.complete(null);
                threads.stop();
            }
        });
    }

    /**
     * The agent's last word to the coordinator, after the node is clean: closing the link. When the
     * coordinator ended the step, what the process must still remove goes first (AgentConfig#beforeLeaving).
     */
    private void leave() {
        try {
            if (stepEnded) {
                config.beforeLeaving().run();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + " could not finish its cleanup: "
                    + Errors.oneLine(e));
        } finally {
            coordinator.close();
        }
    }

    /** What the coordinator says and what arrives from upstream, into the agent, on the loop. */
    private final class Events implements CoordinatorLink.Events, Upstream.Events {
        @Override
        public void expect(Message.Expect e) {
            NodeAgent.this.expect(e);
        }

        @Override
        public void assigned(Message.Assign a) {
            NodeAgent.this.assigned(a);
        }

        @Override
        public void reparent(Message.Reparent r) {
            NodeAgent.this.reparent(r);
        }

        @Override
        public void shutdown() {
            stepEnded = true;
            terminate(true);
        }

        @Override
        public void unreachable(String reason) {
            NodeAgent.this.fail(reason);
            terminate(true);
        }

        @Override
        public void gone() {
            coordinatorGone();
        }

        @Override
        public void chunkReceived(int index, int crc) {
            NodeAgent.this.chunkReceived(index, crc);
        }

        @Override
        public void parentLost(Endpoint parent, String reason) {
            NodeAgent.this.parentLost(parent, reason);
        }

        @Override
        public void fail(String reason) {
            NodeAgent.this.fail(reason);
        }

        @Override
        public void indexAhead() {
            children.pumpAll();
        }

        @Override
        public boolean needsBytes() {
            return state == AgentLifecycle.RECEIVING && !arrival.copy().complete();
        }

        @Override
        public boolean stopped() {
            return state == AgentLifecycle.STOPPED;
        }
    }
}
