package io.fanload.bench.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeBroadcastTest {

    private static final long MIB = 1 << 20;
    private static final double B = 125e6;
    private static final double A = 50e-6;
    private static final double ALL_AT_ONCE = Double.POSITIVE_INFINITY;

    /** A pipelined chain: S/B + (P-2) chunk/B + (P-1) a, i.e. depth x (chunk + hop) + S/B. */
    @Test
    void chainMatchesDepthTimesChunkPlusSOverB() {
        long s = 64 * MIB;
        long chunk = MIB;
        for (int p : new int[] {2, 3, 8, 16}) {
            double expected = s / B + (p - 2) * chunk / B + (p - 1) * A;
            assertEquals(expected, TreeBroadcast.completion(p, 1, s, chunk, B, A, ALL_AT_ONCE), 1e-9, "P=" + p);
        }
    }

    /** A star: the root's uplink carries everything P-1 times. */
    @Test
    void starPaysTheRootUplinkOncePerChild() {
        long s = 16 * MIB;
        for (int p : new int[] {2, 5, 9}) {
            assertEquals((p - 1) * s / B + A, TreeBroadcast.completion(p, p - 1, s, MIB, B, A, ALL_AT_ONCE), 1e-9);
        }
    }

    /** A slow source paces the whole chain: S/sourceRate plus the pipeline's tail. */
    @Test
    void slowSourcePacesTheTree() {
        long s = 32 * MIB;
        double source = B / 4;
        double t = TreeBroadcast.completion(4, 1, s, MIB, B, A, source);
        assertEquals(s / source + 3 * (MIB / B + A), t, 1e-9);
        assertEquals(s / source, TreeBroadcast.completion(1, 2, s, MIB, B, A, source), 1e-9, "the root alone: its read");
    }

    /** A binary tree: at least S/B plus the depth's hops, at most its pipelined bound 2 S/B + depth (2 chunk/B + a). */
    @Test
    void binaryTreeStaysBetweenItsBounds() {
        long s = 64 * MIB;
        long chunk = MIB;
        for (int p : new int[] {3, 31, 1000}) {
            int depth = 32 - Integer.numberOfLeadingZeros(p) - 1;
            double t = TreeBroadcast.completion(p, 2, s, chunk, B, A, ALL_AT_ONCE);
            assertTrue(t >= s / B + depth * A, "lower bound at P=" + p);
            assertTrue(t <= 2 * s / B + depth * (2.0 * chunk / B + A) + 1e-9, "pipelined bound at P=" + p + ": " + t);
        }
        assertEquals(1, TreeBroadcast.defaultFanout(16));
        assertEquals(2, TreeBroadcast.defaultFanout(17));
    }
}
