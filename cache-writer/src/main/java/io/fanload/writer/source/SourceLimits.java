package io.fanload.writer.source;

/**
 * Bounds on what one source entry may expand to, so a hostile or broken jar (a zip bomb) ends in an
 * error line instead of an OutOfMemoryError.
 *
 * @param maxEntryBytes largest entry accepted (the archive format's own limit is 2 GiB in all)
 * @param maxRatio      largest accepted ratio of uncompressed to compressed size for entries over
 *                      {@code ratioFloorBytes}; deflate's own maximum is about 1032:1, and real class
 *                      files and resources stay far below 100:1
 */
public record SourceLimits(long maxEntryBytes, long maxRatio, long ratioFloorBytes) {

    public static final SourceLimits DEFAULT = new SourceLimits(512L << 20, 200, 1 << 20);
}
