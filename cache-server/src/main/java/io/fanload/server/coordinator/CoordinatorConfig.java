package io.fanload.server.coordinator;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Frames;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.Transport;
import io.fanload.server.tree.ChunkSizing;
import io.fanload.server.tree.TreeShape;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one distribution. Required: {@link #secret}, {@link #source} with its
 * {@link #transfer}, {@link #expectedNodes}. Defaults (docs/TREE.md explains each):
 * {@link TreeShape#defaultFor} the node count (a chain up to 16 nodes, else binary), chunks sized
 * for the tree's depth ({@link ChunkSizing}: 1 MiB for 64 MiB over 4 nodes, 256 KiB over 16), listen
 * on all interfaces on an ephemeral port, 120 s to register,
 * distribution starts when every node joined or 3 s after the first did,
 * 15 s without data before a parent counts as stalled, 300 s before a node gives up and its
 * ranks load the normal way, 30 s of silence before an agent counts as lost, 30 s for an agent
 * to prove the secret (with at most expected nodes + 64 connections waiting to, see
 * {@link Pipelines.Admission}).
 */
public final class CoordinatorConfig {

    /** The largest default chunk, and the data-path warm-up's. */
    public static final int DEFAULT_CHUNK = ChunkSizing.MAX;
    /** {@link #chunkSize} not set: sized for the tree ({@link ChunkSizing}). */
    private static final int FOR_THE_TREE = 0;

    private Secret secret;
    private Path source;
    private TransferSpec transfer;
    private int expectedNodes;
    private TreeShape shape;
    private int chunkSize = FOR_THE_TREE;
    private InetSocketAddress bind = new InetSocketAddress(0);
    private Duration registrationTimeout = Duration.ofSeconds(120);
    private Duration stallTimeout = Duration.ofSeconds(15);
    private Duration giveUp = Duration.ofSeconds(300);
    private Duration agentSilence = Duration.ofSeconds(30);
    private Duration gatherWindow = Duration.ofSeconds(3);
    private Duration handshakeTimeout = Duration.ofMillis(Pipelines.HANDSHAKE_MILLIS);
    private boolean leaveSlowParents = true;
    private Transport transport = Transport.auto();
    private EventLoopGroup group;

    public CoordinatorConfig secret(Secret value) {
        this.secret = value;
        return this;
    }

    /** The archive on the shared file system and what it must contain. */
    public CoordinatorConfig source(Path file, TransferSpec spec) {
        this.source = file;
        this.transfer = spec;
        return this;
    }

    public CoordinatorConfig expectedNodes(int value) {
        this.expectedNodes = value;
        return this;
    }

    public CoordinatorConfig shape(TreeShape value) {
        this.shape = Objects.requireNonNull(value);
        return this;
    }

    public CoordinatorConfig chunkSize(int value) {
        this.chunkSize = value;
        return this;
    }

    public CoordinatorConfig bind(InetSocketAddress value) {
        this.bind = Objects.requireNonNull(value);
        return this;
    }

    public CoordinatorConfig registrationTimeout(Duration value) {
        this.registrationTimeout = value;
        return this;
    }

    public CoordinatorConfig stallTimeout(Duration value) {
        this.stallTimeout = value;
        return this;
    }

    public CoordinatorConfig giveUp(Duration value) {
        this.giveUp = value;
        return this;
    }

    public CoordinatorConfig agentSilence(Duration value) {
        this.agentSilence = value;
        return this;
    }

    /**
     * How long after the first agent joined the reader waits for the others before it starts
     * (it starts at once when all joined). Nodes that join later are placed as they come and
     * catch up from their parent's copy.
     */
    public CoordinatorConfig gatherWindow(Duration value) {
        this.gatherWindow = value;
        return this;
    }

    /** How long an agent may take to prove the secret (default 30 s, docs/TREE.md). */
    public CoordinatorConfig handshakeTimeout(Duration value) {
        this.handshakeTimeout = Objects.requireNonNull(value);
        return this;
    }

    /**
     * Whether children leave slow but live parents ({@link SlowParents}; on by default). Tests that
     * load one machine on purpose turn it off to see only what they test.
     */
    public CoordinatorConfig leaveSlowParents(boolean value) {
        this.leaveSlowParents = value;
        return this;
    }

    boolean leaveSlowParents() {
        return leaveSlowParents;
    }

    public CoordinatorConfig transport(Transport value) {
        this.transport = Objects.requireNonNull(value);
        return this;
    }

    /** Run on this group (shared, not shut down by the coordinator) instead of an own thread. */
    public CoordinatorConfig group(EventLoopGroup value) {
        this.group = value;
        return this;
    }

    void validate() {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(transfer, "transfer");
        if (expectedNodes < 1) {
            throw new IllegalArgumentException("expectedNodes must be at least 1");
        }
        if (chunkSize != FOR_THE_TREE && (chunkSize < 4096 || chunkSize > Frames.MAX_CHUNK_BYTES)) {
            throw new IllegalArgumentException("chunk size must be 4 KiB..16 MiB, is " + chunkSize);
        }
        if (stallTimeout.toMillis() < 100 || giveUp.compareTo(stallTimeout) < 0) {
            throw new IllegalArgumentException("need 100 ms <= stall timeout <= give-up time");
        }
        if (gatherWindow.isNegative() || gatherWindow.toSeconds() > 30) {
            throw new IllegalArgumentException("gather window must be 0..30 s (agents wait at most 60 s for a place)");
        }
        if (agentSilence.toMillis() < 2000) {
            throw new IllegalArgumentException("agent silence must be at least 2 s (agents report every second)");
        }
        if (handshakeTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("handshake timeout must be at least 100 ms");
        }
    }

    Secret secret() {
        return secret;
    }

    Path source() {
        return source;
    }

    TransferSpec transfer() {
        return transfer;
    }

    int expectedNodes() {
        return expectedNodes;
    }

    TreeShape shape() {
        return shape != null ? shape : TreeShape.defaultFor(expectedNodes);
    }

    int chunkSize() {
        return chunkSize != FOR_THE_TREE ? chunkSize : ChunkSizing.forTree(shape(), expectedNodes, transfer.size());
    }

    InetSocketAddress bind() {
        return bind;
    }

    Duration registrationTimeout() {
        return registrationTimeout;
    }

    Duration stallTimeout() {
        return stallTimeout;
    }

    Duration giveUp() {
        return giveUp;
    }

    Duration agentSilence() {
        return agentSilence;
    }

    Duration gatherWindow() {
        return gatherWindow;
    }

    /** Who may connect before proving the secret: every expected agent at once, plus a spare. */
    Pipelines.Admission admission() {
        return new Pipelines.Admission("coordinator", expectedNodes + Pipelines.Admission.COORDINATOR_SPARE,
                handshakeTimeout.toMillis());
    }

    Transport transport() {
        return transport;
    }

    EventLoopGroup group() {
        return group;
    }
}
