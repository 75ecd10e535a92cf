package io.fanload.writer.testing;

import io.fanload.hooks.archive.ArchiveReader;

/**
 * Tells the reader's own unchecked "inconsistent index" refusals (its row and pool-reference checks
 * in {@code record} and {@code poolStart}, which {@code verify} reports as such) from a buffer or an
 * array refusing an index the reader missed: the fuzz targets' contracts allow only the former.
 */
public final class ReaderRefusals {

    private ReaderRefusals() {
    }

    public static boolean thrownByTheReader(RuntimeException e) {
        StackTraceElement top = e.getStackTrace()[0];
        return top.getClassName().equals(ArchiveReader.class.getName())
                && (top.getMethodName().equals("record") || top.getMethodName().equals("poolStart"));
    }
}
