package io.fanload.server.tree;

/**
 * The default chunk size for a distribution. A node forwards a chunk once it has all of it and has
 * checked its CRC, so the deepest node's first byte comes {@code depth} chunk times after the
 * root's: a chain of P nodes pays (P - 1) chunk times of pipeline fill on top of S/B. The chunk is
 * therefore the largest power of two up to {@link #MAX} that keeps that fill within 1/16 of the
 * transfer (6 %), and at least {@link #MIN}.
 * <p>
 * Measured (docs/perf/tree.md, "Chunk size and depth"): smaller chunks cost the relay nothing
 * (1,134 MiB/s per core at 256 KiB against 1,028-1,063 at 1 MiB, 1 GiB through one relay), and a
 * 16-node chain moving 64 MiB over 100 Mbit/s links went from 1.48x the bound with 1 MiB chunks to
 * 1.09-1.30x with 256 KiB (warm agents).
 */
public final class ChunkSizing {

    public static final int MAX = 1 << 20;
    public static final int MIN = 64 << 10;
    /** The share of the transfer that the pipeline fill may add: 1/16. */
    private static final int FILL_SHARE = 16;

    private ChunkSizing() {
    }

    /** The chunk size for {@code bytes} through a tree of {@code nodes} nodes of this shape. */
    public static int forTree(TreeShape shape, int nodes, long bytes) {
        int depth = shape.depthOf(Math.max(0, nodes - 1));
        if (depth == 0) {
            return MAX;
        }
        long allowed = bytes / FILL_SHARE / depth;
        int chunk = MAX;
        while (chunk > MIN && chunk > allowed) {
            chunk >>= 1;
        }
        return chunk;
    }
}
