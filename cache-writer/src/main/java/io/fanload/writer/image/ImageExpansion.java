package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.archive.ArchiveWriter;
import io.fanload.writer.archive.Blob;
import io.fanload.writer.archive.EntryCodec;
import io.fanload.writer.archive.ImageIndex;
import io.fanload.writer.archive.IndexReferences;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One archive expanded into a node image, entry by entry: every entry decoded with its xxHash64 and
 * CRC32C checked and written raw, in the archive's data order (first use), so the image keeps its
 * page locality; then the index. {@link #expandUpTo} lets a node expand the entries whose bytes
 * are already final while the rest of the archive still arrives (its index must be in place: nodes
 * get it ahead of the data); {@link #finish} does what is left and copies the archive's index.
 * Not thread-safe.
 */
public final class ImageExpansion implements Closeable {

    private final ArchiveReader reader;
    private final String what;
    private final ArchiveWriter writer;
    private final Records.Hit[] stored;
    private final int[] byDataOrder;
    private final Blob[] blobs;
    private final EntryCodec.Decoder decoder = new EntryCodec.Decoder();
    private int expanded;

    private ImageExpansion(ArchiveReader reader, ArchiveWriter writer) {
        this.reader = reader;
        this.what = reader.file().toString();
        this.writer = writer;
        this.stored = new Records.Hit[reader.hitCount()];
        for (int h = 0; h < stored.length; h++) {
            stored[h] = reader.hit(h);
        }
        this.byDataOrder = byDataOffset(stored);
        this.blobs = new Blob[stored.length];
    }

    /**
     * Checks every reference of {@code reader}'s index (each is used as an array index below) and
     * starts the image at {@code imageFile}, nothing expanded yet.
     */
    public static ImageExpansion start(ArchiveReader reader, Path imageFile) throws IOException {
        IndexReferences.check(reader);
        ArchiveWriter writer = ArchiveWriter.create(imageFile, reader.feature(), true);
        try {
            return new ImageExpansion(reader, writer);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Expands, in data order, the entries whose stored bytes all lie below {@code finalBytes}. */
    public void expandUpTo(long finalBytes) throws IOException {
        while (expanded < byDataOrder.length) {
            int h = byDataOrder[expanded];
            Records.Hit hit = stored[h];
            if (hit.dataOffset() > finalBytes - Integer.toUnsignedLong(hit.storedLength())) {
                return;
            }
            ByteBuffer bytes = reader.storedContent(h, hit.dataOffset(), hit.storedLength());
            ByteBuffer raw = decoder.decodeVerified(bytes, hit.codec(), hit.rawLength(),
                    hit.xxhash64(), hit.crc32c(), new EntryName(what, h));
            blobs[h] = writer.addChecked(raw, hit.xxhash64(), hit.crc32c());
            expanded++;
        }
    }

    /** How many entries are expanded so far. */
    public int expanded() {
        return expanded;
    }

    /**
     * Expands what is left and writes the image's index, the archive's with each entry's place in the
     * image ({@link ImageIndex}); returns the image's identity.
     */
    public ArchiveIdentity finish() throws IOException {
        expandUpTo(Long.MAX_VALUE);
        return ImageIndex.commit(writer, reader, blobs, NodeImages.EXPANDED_FROM, HexFormat.of().formatHex(reader.digest()));
    }

    /** Removes the unfinished image, unless {@link #finish} committed it. */
    @Override
    public void close() throws IOException {
        writer.close();
    }

    /**
     * Entry numbers in the order of their data offsets: each offset (below 2^31 in a sound archive)
     * and its entry number packed into one long, so a primitive sort does it without boxing. A
     * forged offset only misorders; its entry is still visited, and refused when it is read.
     */
    private static int[] byDataOffset(Records.Hit[] hits) {
        long[] keys = new long[hits.length];
        for (int h = 0; h < hits.length; h++) {
            keys[h] = hits[h].dataOffset() << 32 | h;
        }
        Arrays.sort(keys);
        int[] order = new int[hits.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** An entry as an error names it, spelled only if there is one. */
    private record EntryName(String archive, int entry) {
        @Override
        public String toString() {
            return archive + ": entry " + entry;
        }
    }
}
