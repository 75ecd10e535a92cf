package io.fanload.bench.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control plane's costs in the model, the shape it chooses, and the product path's timeline as input. */
class ControlPlaneModelTest {

    /** StartupModelTest's: 24 ranks per node; agents start in 0.8 s; a 9 MB archive at 10 Gbit/s. */
    private static StartupParams params() {
        return StartupModelTest.params();
    }

    @Test
    void theStormCountsOnlyWhenItOutlastsTheAgentsStartAndTheRanksLookAtReadyOnce() {
        StartupModel without = new StartupModel(params());
        // 1,000 nodes x 0.1 ms: hidden behind the agents' 0.8 s start; only the 50 ms nap shows.
        StartupModel light = new StartupModel(params(), new ControlPlaneCosts(1e-4, 0.05));
        assertEquals(without.fanload(24_000).total() + 0.05, light.fanload(24_000).total(), 1e-9);
        // 1,000 nodes x 2 ms = 2 s: the storm outlasts the agents' start by 1.2 s.
        StartupModel heavy = new StartupModel(params(), new ControlPlaneCosts(2e-3, 0));
        assertEquals(without.fanload(24_000).total() + 1.2, heavy.fanload(24_000).total(), 1e-9);
        assertEquals(without.fanload(24_000).total(), new StartupModel(params(), ControlPlaneCosts.NONE).fanload(24_000).total());
    }

    @Test
    void aChainForAFewNodesABinaryTreeForHundreds() {
        assertEquals(1, TreeBroadcast.bestFanout(4, 4, 64L << 20, 1 << 20, 1.25e9, 50e-6, 1e9));
        assertEquals(2, TreeBroadcast.bestFanout(782, 4, 9_600_000, 1 << 20, 1.25e9, 50e-6, 1e9));
        assertEquals(2, TreeBroadcast.bestFanout(782, 4, 1_000_000_000L, 1 << 20, 1.25e9, 50e-6, 1e9));
    }

    @Test
    void aReportsNodeTimesCalibrateTheNodesWorkAfterItsLastByte(@TempDir Path dir) throws IOException {
        Path report = Files.writeString(dir.resolve("timeline-4nodes.json"), """
                {"mode": "read-cache", "nodeStatus": {
                  "node0": {"status": "READY", "firstByteSeconds": 0.0, "lastByteSeconds": 1.60, "readySeconds": 1.65},
                  "node1": {"status": "READY", "firstByteSeconds": 0.1, "lastByteSeconds": 1.70, "readySeconds": 1.73},
                  "node2": {"status": "READY", "firstByteSeconds": 0.2, "lastByteSeconds": 1.75, "readySeconds": 1.85},
                  "node3": {"status": "LOST", "readySeconds": -1}
                }}""");
        ProductTimeline t = ProductTimeline.read(report);
        assertEquals(3, t.nodes().size(), "a node without the three times is left out");
        assertEquals(0.05, t.medianReadyAfterLastByte(), 1e-9);
        assertEquals(1.85, t.lastReady(), 1e-9);
        assertEquals(0.2, t.lastFirstByte(), 1e-9);
        assertTrue(ProductTimeline.read(Files.writeString(dir.resolve("old.json"), "{\"nodeStatus\": {}}")).isEmpty());
    }
}
