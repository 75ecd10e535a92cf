package io.fanload.launch;

import io.fanload.server.coordinator.DistributionResult;

import java.util.Locale;
import java.util.Optional;

/**
 * The longest stage of any ready node's timeline, for the summary: waiting to join (a node that
 * joined after the start), from joining (or the start) to its first byte, the transfer from first
 * to last byte, and from its last byte to ready (digest, image). Names where the distribution's
 * time went without reading the report.
 */
record SlowestStage(String nodeId, String stage, double seconds) {

    /** The slowest stage of {@code result}'s ready nodes; empty when no node reported its marks. */
    static Optional<SlowestStage> of(DistributionResult result) {
        SlowestStage slowest = null;
        for (DistributionResult.NodeReport n : result.nodes()) {
            if (n.status() != DistributionResult.Status.READY || n.firstByteSeconds() < 0 || n.lastByteSeconds() < 0) {
                continue;
            }
            double joined = Math.max(0, n.joinSeconds());
            SlowestStage[] stages = {
                new SlowestStage(n.nodeId(), "from the start to its join", joined),
                new SlowestStage(n.nodeId(), "from its join to first byte", n.firstByteSeconds() - joined),
                new SlowestStage(n.nodeId(), "from first to last byte", n.lastByteSeconds() - n.firstByteSeconds()),
                new SlowestStage(n.nodeId(), "from last byte to ready", n.readySeconds() - n.lastByteSeconds()),
            };
            for (SlowestStage s : stages) {
                if (slowest == null || s.seconds > slowest.seconds) {
                    slowest = s;
                }
            }
        }
        return Optional.ofNullable(slowest);
    }

    /** For example {@code slowest stage: node node2 from last byte to ready 0.41 s}. */
    String describe() {
        return String.format(Locale.ROOT, "slowest stage: node %s %s %.2f s", nodeId, stage, Math.max(0, seconds));
    }
}
