package io.fanload.server.agent;

import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The children this node serves ({@link ChildStream}s): each gets every verified chunk at once
 * (cut-through), from the local copy once this node has been placed. Confined to the agent's event
 * loop. The children's connections are accepted on the agent's data port; the agent says when
 * the copy exists ({@link #placed}), when a chunk was verified ({@link #pumpAll}), and when to
 * serve nobody any more ({@link #closeAll}).
 */
final class Children {

    private final String nodeId;
    private final EventLoop loop;
    private final BooleanSupplier serving;
    private final Runnable childGone;
    private final Set<ChildStream> streams = new LinkedHashSet<>();
    private LocalCopy copy;
    private long stallMillis;

    /**
     * {@code serving}: whether Fetch is answered (not after a fallback or a stop); {@code childGone}:
     * runs when a child that was being served went away.
     */
    Children(String nodeId, EventLoop loop, BooleanSupplier serving, Runnable childGone) {
        this.nodeId = nodeId;
        this.loop = loop;
        this.serving = serving;
        this.childGone = childGone;
    }

    /** A handler for one accepted child connection. */
    ChannelHandler newStream() {
        return new ChildStream(this);
    }

    /** The copy exists: start every child that asked before the placement. */
    void placed(LocalCopy copy, long stallMillis) {
        this.copy = copy;
        this.stallMillis = stallMillis;
        for (ChildStream child : new ArrayList<>(streams)) {
            child.start();
        }
    }

    /** A chunk was verified: offer it to every child. */
    void pumpAll() {
        for (ChildStream child : streams) {
            child.pump();
        }
    }

    /** Serves nobody any more: every child re-parents at once. */
    void closeAll() {
        for (ChildStream child : new ArrayList<>(streams)) {
            child.channel.close();
        }
    }

    boolean isEmpty() {
        return streams.isEmpty();
    }

    // ---- for ChildStream ----

    String nodeId() {
        return nodeId;
    }

    EventLoop loop() {
        return loop;
    }

    boolean serving() {
        return serving.getAsBoolean();
    }

    LocalCopy copy() {
        return copy;
    }

    long stallMillis() {
        return stallMillis;
    }

    void add(ChildStream child) {
        streams.add(child);
    }

    void remove(ChildStream child) {
        if (streams.remove(child)) {
            childGone.run();
        }
    }
}
