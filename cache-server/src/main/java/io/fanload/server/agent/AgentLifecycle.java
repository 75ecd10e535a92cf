package io.fanload.server.agent;

/**
 * Where a node agent is in its life. Transitions, all on the agent's event loop:
 * <pre>
 *   JOINING ──Assign──▶ RECEIVING ──copy complete and digest matched──▶ PREPARING ──image made──▶ READY
 *      │                    │                                              │                      │
 *      └────────────────────┴──────────── fail(reason) ───────────────────┴──▶ FELL_BACK          │
 *   any ──terminate (Shutdown, kill, close, ended orphaned)──▶ STOPPED ◀────────────────────────────┘
 * </pre>
 * The coordinator connection is not part of it: losing the coordinator ends the agent only when
 * it has nothing left to do (READY or FELL_BACK, no child being served).
 */
enum AgentLifecycle {
    /** Connecting to the coordinator, registered, or waiting for its place; may make room and link early. */
    JOINING,
    /** Placed: receiving from a parent or reading the archive, hashing the verified prefix, serving children. */
    RECEIVING,
    /** Every chunk verified and the digest matched: the node-local image (staged since the last byte) is being finished. */
    PREPARING,
    /** Ready reported: the node's ranks may start; serves children until the step ends. */
    READY,
    /** Gave up: the node's ranks load the normal way; serves nobody. */
    FELL_BACK,
    /** Terminated; the loop is winding down. */
    STOPPED;

    /** Whether the node's outcome is known (or no longer matters): no more failing, no more ready. */
    boolean decided() {
        return this == READY || this == FELL_BACK || this == STOPPED;
    }

    /** Whether it may still serve children (a node that fell back or stopped serves nobody). */
    boolean serves() {
        return this != FELL_BACK && this != STOPPED;
    }
}
