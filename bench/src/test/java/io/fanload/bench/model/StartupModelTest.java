package io.fanload.bench.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupModelTest {

    /** 24 ranks per node on 24 cores, a 10,000 op/s server, 5,000 operations per plain rank. */
    static StartupParams params() {
        return new StartupParams(24, 24, false, 1e-4, 5e-4, 1.0, 5_000, 1.0, 0, 0, 0.9, 0, 20, 0, 0.8,
                9_000_000, 1e9, 1.25e9, 5e-6, 1 << 20, 0.05, 2_000_000);
    }

    @Test
    void oneRankPaysItsOperationsOneByOne() {
        StartupParams p = params();
        double expected = p.fixedSeconds() + p.vanillaOpsPerRank() * (p.mdsServiceSeconds() + p.rttSeconds())
                + p.vanillaCpuSeconds();
        assertEquals(expected, new StartupModel(p).vanilla(1).total(), 1e-6);
    }

    /** At 24,000 ranks the plain start is bound by the server: 24,000 x 5,000 x 0.1 ms = 12,000 s. */
    @Test
    void plainStartAtFullWidthIsServerBound() {
        double t = new StartupModel(params()).vanilla(24_000).total();
        assertTrue(t >= 12_000, "at least the server's work: " + t);
        assertTrue(t <= 12_000 * 1.05 + 10, "not much more: " + t);
    }

    /** fanload's start grows with the tree's depth, not with ranks x operations. */
    @Test
    void fanloadStartIsNearlyFlat() {
        StartupModel m = new StartupModel(params());
        double small = m.fanload(24).total();
        double large = m.fanload(24_000).total();
        assertTrue(large < small + 1.0, "24 -> 24,000 ranks adds under a second: " + small + " -> " + large);
        assertTrue(large < m.vanilla(24_000).total() / 100);
    }

    /** Agents loading fanload from the shared file system put their operations back on the server. */
    @Test
    void agentsOnTheSharedFileSystemCostPerNode() {
        StartupParams p = params().withAgentOps(100);
        double withAgents = new StartupModel(p).fanload(24_000).total();
        double without = new StartupModel(params()).fanload(24_000).total();
        // 1,000 nodes x 100 operations at 0.1 ms: at least 10 s, minus the agents' own start (0.8 s) it overlaps.
        assertTrue(withAgents - without >= 10 - 0.8 - 1e-6, withAgents + " vs " + without);
    }

    /**
     * On the test bed's 2 shared cores a JVM that runs 0.5 s alone but uses 0.8 s of CPU (its JIT on
     * the other core): 32 ranks need 32 x 0.8 / 2 = 12.8 s of the cores, not 32 x 0.5 / 2 = 8 s; one
     * rank still takes its 0.5 s.
     */
    @Test
    void sharedCoresAreDividedByCpuNotByTheAloneTime() {
        StartupParams p = new StartupParams(8, 2, true, 1e-4, 5e-4, 0, 0, 0.5, 0.8, 0, 0.5, 0.8, 0, 0, 0,
                9_000_000, 1e9, 1.25e9, 5e-6, 1 << 20, 0, 2_000_000);
        assertEquals(12.8, p.stretched(0.5, 0.8, 32), 1e-9);
        assertEquals(0.5, p.stretched(0.5, 0.8, 1), 1e-9);
        assertEquals(8.0, p.stretched(0.5, 0, 32), 1e-9, "not measured: the alone time stands for the CPU");
        assertEquals(12.8, new StartupModel(p).vanilla(32).total(), 1e-9);
    }
}
