package io.fanload.server.agent;

import io.fanload.server.auth.Secret;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.Transport;
import io.netty.channel.EventLoopGroup;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;

/**
 * Settings of one node agent. Required: {@link #nodeId}, {@link #coordinator}, {@link #secret},
 * {@link #localDir}, {@link #advertiseHost} (the address children use to reach this node). The
 * data port defaults to an ephemeral one; sites with firewalls set a fixed one (docs/TREE.md).
 */
public final class AgentConfig {

    private String nodeId;
    private InetSocketAddress coordinator;
    private Secret secret;
    private Path localDir;
    private String advertiseHost;
    private String bindHost = "0.0.0.0";
    private int dataPort;
    private boolean keepLocalDir;
    private boolean keepWhenOrphaned;
    private Duration handshakeTimeout = Duration.ofMillis(Pipelines.HANDSHAKE_MILLIS);
    private ImagePreparer preparer = ImagePreparer.NODE_IMAGE;
    private Transport transport = Transport.auto();
    private EventLoopGroup group;
    private Executor digestExecutor;
    private LongConsumer onVerified = offset -> { };
    private Runnable beforeLeaving = () -> { };

    public AgentConfig nodeId(String value) {
        this.nodeId = value;
        return this;
    }

    public AgentConfig coordinator(InetSocketAddress value) {
        this.coordinator = value;
        return this;
    }

    public AgentConfig secret(Secret value) {
        this.secret = value;
        return this;
    }

    /** The node-local folder of this job step (see {@link NodeDirectory#defaultFor}). */
    public AgentConfig localDir(Path value) {
        this.localDir = value;
        return this;
    }

    public AgentConfig advertiseHost(String value) {
        this.advertiseHost = value;
        return this;
    }

    public AgentConfig bindHost(String value) {
        this.bindHost = Objects.requireNonNull(value);
        return this;
    }

    /** 0: any free port. */
    public AgentConfig dataPort(int value) {
        this.dataPort = value;
        return this;
    }

    /**
     * Leave the node-local folder in place when the agent ends the step itself after losing the
     * coordinator: ranks on the node may still be using the image, and whoever started the agent
     * removes the folder once they are done ({@link NodeAgent#endedOrphaned()}).
     */
    public AgentConfig keepWhenOrphaned(boolean value) {
        this.keepWhenOrphaned = value;
        return this;
    }

    boolean keepWhenOrphaned() {
        return keepWhenOrphaned;
    }

    /** Leave the node-local folder in place at the end of the step (debugging). */
    public AgentConfig keepLocalDir(boolean value) {
        this.keepLocalDir = value;
        return this;
    }

    /** How long a child may take to prove the secret on the data port (default 30 s, docs/TREE.md). */
    public AgentConfig handshakeTimeout(Duration value) {
        this.handshakeTimeout = Objects.requireNonNull(value);
        return this;
    }

    public AgentConfig preparer(ImagePreparer value) {
        this.preparer = Objects.requireNonNull(value);
        return this;
    }

    public AgentConfig transport(Transport value) {
        this.transport = Objects.requireNonNull(value);
        return this;
    }

    /** Share this group (one loop is picked for the agent) instead of an own thread. */
    public AgentConfig group(EventLoopGroup value) {
        this.group = value;
        return this;
    }

    /** Where digests are computed and images prepared; default an own thread. */
    public AgentConfig digestExecutor(Executor value) {
        this.digestExecutor = value;
        return this;
    }

    /**
     * Called on the agent's event loop each time the verified prefix grows, with its new length
     * (progress displays; tests use it to act at an exact point of a transfer). Must not block.
     */
    public AgentConfig onVerified(LongConsumer value) {
        this.onVerified = Objects.requireNonNull(value);
        return this;
    }

    /**
     * Runs once, on the agent's event loop, when the coordinator ended the step and the agent removed
     * its node-local folder, just before it closes its link to the coordinator: the coordinator waits for that close
     * before launch returns, so what the agent's process must still remove on the node goes here.
     */
    public AgentConfig beforeLeaving(Runnable value) {
        this.beforeLeaving = Objects.requireNonNull(value);
        return this;
    }

    void validate() {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(localDir, "localDir");
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        if (nodeId.isEmpty() || nodeId.length() > 255) {
            throw new IllegalArgumentException("node id must be 1..255 characters");
        }
        if (dataPort < 0 || dataPort > 65535) {
            throw new IllegalArgumentException("data port out of range: " + dataPort);
        }
        if (handshakeTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("handshake timeout must be at least 100 ms");
        }
    }

    String nodeId() {
        return nodeId;
    }

    InetSocketAddress coordinator() {
        return coordinator;
    }

    Secret secret() {
        return secret;
    }

    Path localDir() {
        return localDir;
    }

    String advertiseHost() {
        return advertiseHost;
    }

    String bindHost() {
        return bindHost;
    }

    int dataPort() {
        return dataPort;
    }

    /** Who may connect to the data port before proving the secret. */
    Pipelines.Admission admission() {
        return new Pipelines.Admission("node " + nodeId + " data port", Pipelines.Admission.AGENT_PENDING,
                handshakeTimeout.toMillis());
    }

    boolean keepLocalDir() {
        return keepLocalDir;
    }

    ImagePreparer preparer() {
        return preparer;
    }

    Transport transport() {
        return transport;
    }

    EventLoopGroup group() {
        return group;
    }

    Executor digestExecutor() {
        return digestExecutor;
    }

    LongConsumer onVerified() {
        return onVerified;
    }

    Runnable beforeLeaving() {
        return beforeLeaving;
    }
}
