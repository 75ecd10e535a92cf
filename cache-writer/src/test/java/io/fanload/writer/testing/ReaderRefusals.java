package io.fanload.writer.testing;

import io.fanload.hooks.archive.ArchiveReader;

/**
 * Tells the reader's own unchecked "inconsistent index" refusals (its row and pool-reference checks
 * in {@code ArchiveReader.record} and {@code StringPool.start}, which {@code verify} reports as such) from a buffer or an
 * array refusing an index the reader missed: the fuzz targets' contracts allow only the former.
 */
public final class ReaderRefusals {

    private ReaderRefusals() {
    }

    public static boolean thrownByTheReader(RuntimeException e) {
        StackTraceElement top = e.getStackTrace()[0];
        return top.getClassName().equals(ArchiveReader.class.getName()) && top.getMethodName().equals("record")
                // the pool's reference check, StringPool.start since the pool left ArchiveReader
                || top.getClassName().equals(ArchiveReader.class.getPackageName() + ".StringPool")
                && top.getMethodName().equals("start");
    }
}
