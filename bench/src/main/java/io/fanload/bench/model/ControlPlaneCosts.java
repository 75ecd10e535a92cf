package io.fanload.bench.model;

/**
 * What the control plane adds to a fanload start at width, measured (docs/perf/scale.md):
 * the coordinator's one event-loop thread takes every agent's handshake, registration and placement
 * in turn ({@code coordinatorSecondsPerAgent}, its loop CPU in a rendezvous storm over the agents),
 * and a waiting rank notices its node's READY within one nap of the bootstrap ({@code pollSeconds},
 * 50 ms). {@link #NONE}: the model without them (as before issue 19).
 */
public record ControlPlaneCosts(double coordinatorSecondsPerAgent, double pollSeconds) {

    /** The bootstrap's nap between looks at READY (rank-bootstrap.sh). */
    public static final double BOOTSTRAP_NAP = 0.05;
    public static final ControlPlaneCosts NONE = new ControlPlaneCosts(0, 0);

    public ControlPlaneCosts {
        if (coordinatorSecondsPerAgent < 0 || pollSeconds < 0) {
            throw new IllegalArgumentException("negative control-plane cost");
        }
    }

    /** The storm: the last of {@code nodes} agents is placed no sooner than the coordinator got through all of them. */
    public double rendezvousSeconds(int nodes) {
        return nodes * coordinatorSecondsPerAgent;
    }
}
