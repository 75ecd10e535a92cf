package io.fanload.server.tree;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default chunk keeps the deepest node's pipeline fill within 1/16 of the transfer. */
class ChunkSizingTest {

    private static final long MIB = 1 << 20;

    @Test
    void aShallowTreeKeepsOneMibChunks() {
        assertEquals(1 << 20, ChunkSizing.forTree(TreeShape.CHAIN, 1, 64 * MIB), "one node: nothing to fill");
        assertEquals(1 << 20, ChunkSizing.forTree(TreeShape.CHAIN, 4, 64 * MIB), "depth 3: 4 MiB / 3");
        assertEquals(1 << 20, ChunkSizing.forTree(TreeShape.BINARY, 1000, 256 * MIB), "depth 9: 16 MiB / 9");
    }

    @Test
    void aDeepChainGetsSmallerChunks() {
        assertEquals(512 << 10, ChunkSizing.forTree(TreeShape.CHAIN, 8, 64 * MIB), "depth 7: 4 MiB / 7 = 585 KiB");
        assertEquals(256 << 10, ChunkSizing.forTree(TreeShape.CHAIN, 16, 64 * MIB), "depth 15: 273 KiB");
        assertEquals(1 << 20, ChunkSizing.forTree(TreeShape.CHAIN, 16, 256 * MIB), "depth 15: 1.07 MiB");
        assertEquals(256 << 10, ChunkSizing.forTree(TreeShape.BINARY, 1024, 64 * MIB), "depth 10: 410 KiB");
    }

    @Test
    void smallArchivesStopAtTheFloor() {
        assertEquals(ChunkSizing.MIN, ChunkSizing.forTree(TreeShape.CHAIN, 16, MIB));
        assertEquals(ChunkSizing.MIN, ChunkSizing.forTree(TreeShape.CHAIN, 4, 0));
    }

    @Test
    void theFillStaysWithinOneSixteenthWhereverTheFloorAllows() {
        for (int nodes = 2; nodes <= 64; nodes++) {
            for (long mib = 16; mib <= 1024; mib *= 2) {
                for (TreeShape shape : new TreeShape[] {TreeShape.CHAIN, TreeShape.BINARY, new TreeShape(4)}) {
                    int chunk = ChunkSizing.forTree(shape, nodes, mib * MIB);
                    long fill = (long) shape.depthOf(nodes - 1) * chunk;
                    assertTrue(Integer.bitCount(chunk) == 1 && chunk >= ChunkSizing.MIN && chunk <= ChunkSizing.MAX);
                    assertTrue(fill <= mib * MIB / 16 || chunk == ChunkSizing.MIN, shape + " " + nodes + " " + mib);
                    assertTrue(chunk == ChunkSizing.MAX || 2L * chunk * shape.depthOf(nodes - 1) > mib * MIB / 16,
                            "the largest chunk that fits: " + shape + " " + nodes + " " + mib);
                }
            }
        }
    }
}
