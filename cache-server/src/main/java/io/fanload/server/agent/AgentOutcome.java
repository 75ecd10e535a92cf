package io.fanload.server.agent;

/**
 * How a node's distribution ended for its ranks: {@code READY} (serve from the node-local image)
 * or {@code FALLBACK} (load the normal way; {@code reason} says why), with the bytes held and the
 * seconds from the agent's placement to the outcome.
 */
public record AgentOutcome(Status status, String reason, long bytes, double seconds) {

    public enum Status { READY, FALLBACK }

    public boolean ready() {
        return status == Status.READY;
    }
}
