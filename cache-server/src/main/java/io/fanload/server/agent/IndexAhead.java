package io.fanload.server.agent;

import io.fanload.hooks.archive.ArchiveFormat;
import io.netty.buffer.ByteBuf;

import java.util.zip.CRC32C;

/**
 * The archive's index region (its metadata sections and trailer, from {@code offset} to the end),
 * sent through the tree ahead of the data it describes: the node that reads the archive reads it
 * first ({@link SourceReader.IndexFirst}), every parent sends it to each child before its first
 * chunk, so every node can expand entries as their bytes arrive instead of all after the last byte
 * (docs/TREE.md, "The index ahead"). Unverified: the sequential transfer carries the same bytes
 * again, covered by the digest, and a node uses what it expanded early only when the index its
 * verified copy holds is the one that came ahead (EarlyExpansion).
 */
record IndexAhead(long offset, byte[] bytes) {

    /** The most index sent ahead (a larger one is expanded after the last byte). */
    static final int MAX_BYTES = 64 << 20;

    /** Whether a region at {@code offset} of an archive of {@code size} bytes is worth taking ahead. */
    static boolean plausible(long offset, long size) {
        return offset >= ArchiveFormat.HEADER_SIZE && offset < size
                && size - offset <= MAX_BYTES;
    }

    /**
     * The index region coming in from a parent, frame by frame (in order, each with its CRC32C). Any
     * frame that does not continue it, fails its CRC or reaches past the archive ends it: the rest
     * is skipped and the node expands after its last byte. One per connection to a parent.
     */
    static final class Incoming {
        private final long archiveSize;
        private final CRC32C crc = new CRC32C();
        private long offset = -1;
        private byte[] bytes;
        private int filled;
        private int frameEnd;
        private int announcedCrc;
        private boolean refused;

        Incoming(long archiveSize) {
            this.archiveSize = archiveSize;
        }

        /** A frame of {@code length} bytes at {@code at} begins; false: it is skipped. */
        boolean begin(long at, int length, int crc32c) {
            if (refused || length < 1) {
                return false;
            }
            if (bytes == null) {
                if (!plausible(at, archiveSize)) {
                    refused = true;
                    return false;
                }
                offset = at;
                bytes = new byte[(int) (archiveSize - at)];
            }
            if (at != offset + filled || length > bytes.length - filled) {
                refuse();
                return false;
            }
            frameEnd = filled + length;
            announcedCrc = crc32c;
            crc.reset();
            return true;
        }

        /** Some bytes of the frame that began. */
        void part(ByteBuf data) {
            int n = data.readableBytes();
            if (bytes == null || n > frameEnd - filled) {
                refuse();
                return;
            }
            data.getBytes(data.readerIndex(), bytes, filled, n);
            crc.update(bytes, filled, n);
            filled += n;
        }

        /** The frame ended: the whole region once it is complete and every frame matched, else null. */
        IndexAhead end() {
            if (bytes == null || filled != frameEnd || (int) crc.getValue() != announcedCrc) {
                refuse();
                return null;
            }
            if (filled < bytes.length) {
                return null;
            }
            IndexAhead whole = new IndexAhead(offset, bytes);
            refused = true; // one region per connection
            bytes = null;
            return whole;
        }

        private void refuse() {
            refused = true;
            bytes = null;
        }
    }
}
