package io.fanload.server.agent;

/**
 * How a node's distribution ended for its ranks: {@code READY} (serve from the node-local image)
 * or {@code FALLBACK} (load the normal way; {@code reason} says why), with the bytes held and the
 * seconds from the agent's placement to the outcome, and when its transfer's steps happened
 * ({@code timeline}, e.g. "connected 12 ms, first byte 40 ms, ..."; empty if it was never placed).
 */
public record AgentOutcome(Status status, String reason, long bytes, double seconds, String timeline) {

    /** The fallback reason of a node whose copy's digest differs from the one announced (launch looks for it). */
    public static final String DIGEST_MISMATCH = "SHA-256 of the received archive does not match the coordinator's digest";


    public enum Status { READY, FALLBACK }

    public boolean ready() {
        return status == Status.READY;
    }
}
