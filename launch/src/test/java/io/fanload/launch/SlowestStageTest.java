package io.fanload.launch;

import io.fanload.server.coordinator.DistributionResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowestStageTest {

    private static DistributionResult.NodeReport node(String id, DistributionResult.Status status, double join,
                                                     double first, double last, double ready) {
        return new DistributionResult.NodeReport(id, status, ready, 0, 0, 0, 0, 100, "", join, first, last);
    }

    private static DistributionResult result(DistributionResult.NodeReport... nodes) {
        return new DistributionResult(100, nodes.length, 0, 1.0, List.of(nodes));
    }

    @Test
    void namesTheLongestStageOfAnyReadyNode() {
        DistributionResult r = result(
                node("a", DistributionResult.Status.READY, -0.2, 0.0, 0.30, 0.35),
                node("b", DistributionResult.Status.READY, -0.1, 0.05, 0.30, 0.71));
        SlowestStage s = SlowestStage.of(r).orElseThrow();
        assertEquals("b", s.nodeId());
        assertEquals("from last byte to ready", s.stage());
        assertEquals("slowest stage: node b from last byte to ready 0.41 s", s.describe());
    }

    @Test
    void aLateJoinAndTheWaitForTheFirstByteAreStagesToo() {
        assertEquals("from the start to its join", SlowestStage.of(result(
                node("late", DistributionResult.Status.READY, 2.0, 2.1, 2.3, 2.31))).orElseThrow().stage());
        assertEquals("from its join to first byte", SlowestStage.of(result(
                node("cold", DistributionResult.Status.READY, -1.0, 0.9, 1.0, 1.01))).orElseThrow().stage());
        assertEquals("from first to last byte", SlowestStage.of(result(
                node("bulk", DistributionResult.Status.READY, -1.0, 0.01, 3.0, 3.01))).orElseThrow().stage());
    }

    @Test
    void nodesThatWereNotReadyOrSentNoMarksAreLeftOut() {
        assertTrue(SlowestStage.of(result(
                node("lost", DistributionResult.Status.LOST, -0.1, -1, -1, -1),
                node("fell", DistributionResult.Status.FALLBACK, -0.1, -1, -1, 5.0))).isEmpty());
    }
}
