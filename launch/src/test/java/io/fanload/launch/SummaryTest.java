package io.fanload.launch;

import io.fanload.server.coordinator.DistributionResult;
import io.fanload.server.coordinator.DistributionResult.Status;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SummaryTest {

    private static DistributionResult.NodeReport node(String id, Status status, String detail) {
        return new DistributionResult.NodeReport(id, status, 1, 0, 0, 0, 0, 100, detail, 0, 0, 1);
    }

    /** Ranks say their reason once per node; the summary names every reason once, with its nodes. */
    @Test
    void eachReasonIsSaidOnceWithItsNodes() {
        String digest = "SHA-256 of the received archive does not match the coordinator's digest";
        DistributionResult result = new DistributionResult(100, 7, 2, 1.0, List.of(
                node("n1", Status.FALLBACK, digest), node("n2", Status.READY, ""),
                node("n3", Status.FALLBACK, digest + "\n"), node("n4", Status.FALLBACK, digest),
                node("n5", Status.FALLBACK, digest), node("n6", Status.LOST, null)));
        assertEquals(List.of(
                "4 nodes' ranks loaded the normal way (n1, n3, n4, ...): " + digest,
                "1 node's ranks loaded the normal way (n6): lost",
                "2 nodes never joined: their ranks loaded the normal way"), Summary.fallbackReasons(result));
    }

    @Test
    void aJobWhoseNodesAllServedSaysNothing() {
        assertEquals(List.of(), Summary.fallbackReasons(new DistributionResult(100, 1, 0, 1.0,
                List.of(node("n1", Status.READY, "")))));
    }

    /** srun refusing an option of its own exits 255 before any rank: the counts must not read as ranks that ran. */
    @Test
    void aLauncherThatFailedBeforeAnyNodeJoinedIsSaidOnce() {
        DistributionResult nobody = new DistributionResult(100, 4, 4, 0.0, List.of());
        assertEquals("srun exited 255 and no node joined: if srun refused the step (its own message is above), no rank ran",
                JobRun.launcherRefused("srun", 255, nobody).orElseThrow());
        assertEquals(java.util.Optional.empty(), JobRun.launcherRefused("srun", 0, nobody), "ranks ran plain: nothing to say");
        DistributionResult joined = new DistributionResult(100, 1, 0, 1.0, List.of(node("n1", Status.READY, "")));
        assertEquals(java.util.Optional.empty(), JobRun.launcherRefused("srun", 3, joined), "a rank's own failure");
    }
}
