package io.fanload.server.agent;

import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where this node's bytes come from: a {@link ParentLink} (and, during the gather, an early one to
 * the planned parent), or a {@link SourceReader} when this node reads the archive itself. Retries
 * a parent after a corrupt chunk, up to {@link #MAX_BAD_CHUNKS}; reports a lost parent to the
 * agent, which asks the coordinator for another. Confined to the agent's event loop.
 */
final class Upstream {

    private static final System.Logger LOG = System.getLogger(Upstream.class.getName());
    /** Corrupt chunks from one parent before the agent asks for another parent. */
    static final int MAX_BAD_CHUNKS = 3;

    /** What the agent does with what arrives, and what it says about its own state. */
    interface Events {
        /** A chunk is in the local copy with this CRC32C, checked. */
        void chunkReceived(int index, int crc);

        /** The parent is gone for good (closed, stalled, refused, corrupting): ask for another. */
        void parentLost(Endpoint parent, String reason);

        /** Receiving cannot go on: fall back. */
        void fail(String reason);

        /** The copy holds the archive's index region ahead of its place: children may have it. */
        void indexAhead();

        /** Whether the agent still needs bytes (placed, undecided, copy not complete). */
        boolean needsBytes();

        boolean stopped();
    }

    private final AgentConfig config;
    private final EventLoop loop;
    private final Events events;
    private Message.Assign assign;
    private Arrival arrival;
    private LocalCopy copy;
    private TransferTimeline timeline;
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

    Upstream(AgentConfig config, EventLoop loop, Events events) {
        this.config = config;
        this.loop = loop;
        this.events = events;
    }

    /** Before placement: connect and authenticate with the planned parent, idle and without a stall watch. */
    void linkEarly(Endpoint planned, int chunkSize) {
        early = new ParentLink(this, planned);
        // No stall watch yet: the parent sends nothing before placement.
        early.connect(chunkSize, 0);
    }

    /** Placed: fetch from the parent named (over the early link if it is the same one), or read the source. */
    void start(Message.Assign a, Arrival arrival) {
        this.assign = a;
        this.arrival = arrival;
        this.copy = arrival.copy();
        this.timeline = arrival.timeline();
        ParentLink pre = early;
        early = null;
        if (a.parent() != null && pre != null && pre.from.equals(a.parent())) {
            adopt(pre);
            return;
        }
        if (pre != null) {
            pre.channel.close();
        }
        if (a.parent() != null) {
            connectParent(a.parent());
        } else {
            startReader(Path.of(a.source()));
        }
    }

    /** The coordinator named a new parent, or (none) told this node to read the rest itself. */
    void reparent(Message.Reparent r) {
        detachLink();
        if (r.parent() != null) {
            connectParent(r.parent());
        } else {
            LOG.log(System.Logger.Level.INFO, "fanload: node " + config.nodeId() + " reads the archive itself from "
                    + copy.verified() + " bytes");
            startReader(Path.of(r.source()));
        }
    }

    /** The copy is complete: no more parent, no more reading. */
    void finished() {
        detachLink();
        reader = null;
    }

    /** Stops receiving from anyone. */
    void stop() {
        if (early != null) {
            early.channel.close();
            early = null;
        }
        detachLink();
        stopReader();
    }

    /** A node takes its bytes from one source at a time: a reader in the way of a parent stops. */
    private void stopReader() {
        if (reader != null) {
            reader.stop();
            reader = null;
            arrival.readerGone();
        }
    }

    // ---- for ParentLink ----

    AgentConfig config() {
        return config;
    }

    EventLoop loop() {
        return loop;
    }

    LocalCopy copy() {
        return copy;
    }

    TransferTimeline timeline() {
        return timeline;
    }

    long stallMillis() {
        return assign.stallMillis();
    }

    boolean isEarly(ParentLink l) {
        return l == early;
    }

    boolean isLink(ParentLink l) {
        return l == link;
    }

    /** An early link that fails is dropped quietly (placement connects anew); the link is a lost parent. */
    void lost(ParentLink l, String reason) {
        if (l == early) {
            early = null;
            l.channel.close();
        } else {
            parentLost(l, reason);
        }
    }

    void parentLost(ParentLink l, String reason) {
        if (l != link || events.stopped()) {
            return;
        }
        detachLink();
        if (events.needsBytes()) {
            events.parentLost(l.from, reason);
        }
    }

    void badChunk(ParentLink l, String reason) {
        if (++badChunks > MAX_BAD_CHUNKS) {
            parentLost(l, badChunks - 1 + " corrupt chunks; last: " + reason);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "fanload: node " + config.nodeId() + ": " + reason + "; fetching it again");
        detachLink();
        connectParent(l.from);
    }

    void received(int index, int crc) {
        events.chunkReceived(index, crc);
    }

    void writeFailed(String reason) {
        events.fail(reason);
    }

    // ---- the link and the reader ----

    private void connectParent(Endpoint to) {
        stopReader();
        if (!to.equals(parent)) {
            badChunks = 0;
        }
        parent = to;
        ParentLink l = new ParentLink(this, to);
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
        stopReader();
        SourceReader.Sink sink = new SourceReader.Sink() {
            @Override
            public void chunkRead(int index, int crc) {
                loop.execute(() -> {
                    if (reader != null && !events.stopped()) {
                        events.chunkReceived(index, crc);
                    }
                });
            }

            @Override
            public void readFailed(String reason) {
                loop.execute(() -> events.fail(reason));
            }
        };
        SourceReader.IndexFirst toImage = arrival.readerIndexFirst();
        SourceReader.IndexFirst indexFirst = toImage == null ? null : (offset, bytes) -> {
            toImage.indexRead(offset, bytes); // the reader wrote them into the copy
            loop.execute(() -> {
                if (!events.stopped() && copy.holdAhead(new IndexAhead(offset, bytes))) {
                    events.indexAhead();
                }
            });
        };
        SourceReader r = new SourceReader(source, copy, copy.verified(), arrival.readerTap(), indexFirst, sink);
        reader = r;
        timeline.connected();
        r.startThread(config.nodeId());
    }

    /** {@code l} brought the index region ahead of its place. */
    void indexAhead(ParentLink l, IndexAhead region) {
        if (l != link || events.stopped()) {
            return;
        }
        try {
            if (arrival.indexAhead(region)) {
                events.indexAhead();
            }
        } catch (IOException e) {
            writeFailed("cannot write the node-local copy " + copy.file() + ": " + Errors.oneLine(e));
        }
    }

    private void detachLink() {
        ParentLink l = link;
        link = null;
        if (l != null && l.channel != null) {
            l.channel.close();
        }
    }
}
