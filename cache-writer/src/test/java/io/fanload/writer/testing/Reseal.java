package io.fanload.writer.testing;

import io.fanload.hooks.archive.ArchiveFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Makes an edited archive's checksums consistent again, as a malicious or buggy writer would, so
 * that a test reaches the reader's structural checks behind the CRC32Cs.
 */
public final class Reseal {

    private Reseal() {
    }

    /**
     * A copy of {@code archive} with the header CRC, the trailer's size field, the index CRC (when
     * the trailer's data end lies inside the file) and the trailer CRC recomputed. Shorter than a
     * header and a trailer: returned unchanged.
     */
    public static byte[] reseal(byte[] archive) {
        byte[] bytes = archive.clone();
        if (bytes.length < ArchiveFormat.HEADER_SIZE + ArchiveFormat.TRAILER_SIZE) {
            return bytes;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int trailer = bytes.length - ArchiveFormat.TRAILER_SIZE;
        b.putInt(ArchiveFormat.H_CRC, crc32c(bytes, 0, ArchiveFormat.H_CRC));
        b.putLong(trailer + ArchiveFormat.T_TOTAL_SIZE, bytes.length);
        long dataEnd = b.getLong(trailer + ArchiveFormat.T_DATA_END);
        if (dataEnd >= ArchiveFormat.HEADER_SIZE && dataEnd <= trailer) {
            b.putInt(trailer + ArchiveFormat.T_METADATA_CRC, crc32c(bytes, (int) dataEnd, trailer));
        }
        b.putInt(trailer + ArchiveFormat.T_CRC, crc32c(bytes, trailer, trailer + ArchiveFormat.T_CRC));
        return bytes;
    }

    private static int crc32c(byte[] bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, from, to - from);
        return (int) crc.getValue();
    }
}
