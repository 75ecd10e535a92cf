package io.fanload.writer.archive;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A node image's index, copied from the archive it was expanded from rather than rebuilt name by
 * name: every section but two is the archive's, byte for byte (the same names in the same order,
 * the same hit, origin, signer and source rows, the same pool references); HITS gets each entry's
 * place in the image (stored raw), and PROVENANCE one more pair, whose strings are appended to the
 * pool. The archive's references were checked before expanding (IndexReferences). Rebuilding cost
 * a node most of its staging after the last byte: decoding, re-encoding, sorting and pooling each
 * name in code the JIT had not compiled yet (docs/perf/tree.md, "Last byte to ready").
 */
public final class ImageIndex {

    private ImageIndex() {
    }

    /**
     * Commits {@code image} (every entry of {@code archive} added, hit {@code h} as {@code blobs[h]})
     * with {@code archive}'s index and the provenance pair {@code key}, {@code value} added.
     */
    public static ArchiveIdentity commit(ArchiveWriter image, ArchiveReader archive, Blob[] blobs, String key,
                                         String value) throws IOException {
        if (blobs.length != archive.hitCount()) {
            throw new IllegalArgumentException(blobs.length + " blobs for " + archive.hitCount() + " hits");
        }
        byte[][] sections = new byte[ArchiveFormat.SECTION_COUNT][];
        for (int s = 0; s < sections.length; s++) {
            sections[s] = bytes(archive.sectionBytes(s));
        }
        byte[] pool = sections[ArchiveFormat.SECTION_POOL];
        byte[] keyUtf8 = key.getBytes(StandardCharsets.UTF_8);
        byte[] valueUtf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] grown = new byte[pool.length + keyUtf8.length + valueUtf8.length];
        System.arraycopy(pool, 0, grown, 0, pool.length);
        System.arraycopy(keyUtf8, 0, grown, pool.length, keyUtf8.length);
        System.arraycopy(valueUtf8, 0, grown, pool.length + keyUtf8.length, valueUtf8.length);
        sections[ArchiveFormat.SECTION_POOL] = grown;

        ByteBuffer hits = ByteBuffer.wrap(sections[ArchiveFormat.SECTION_HITS]).order(ByteOrder.LITTLE_ENDIAN);
        int size = ArchiveFormat.RECORD_SIZE[ArchiveFormat.SECTION_HITS];
        for (int h = 0; h < blobs.length; h++) {
            Blob blob = blobs[h];
            int at = h * size;
            if (blob.codec() != ArchiveFormat.CODEC_RAW || blob.rawLength() != hits.getInt(at + ArchiveFormat.HT_RAW_LENGTH)) {
                throw new ArchiveException(archive.file() + ": entry " + h + " is not its raw content in the image");
            }
            hits.putLong(at + ArchiveFormat.HT_DATA_OFFSET, blob.offset());
            hits.putInt(at + ArchiveFormat.HT_STORED_LENGTH, blob.storedLength());
            hits.put(at + ArchiveFormat.HT_CODEC, (byte) ArchiveFormat.CODEC_RAW);
        }

        byte[] provenance = sections[ArchiveFormat.SECTION_PROVENANCE];
        ByteBuffer more = ByteBuffer.allocate(provenance.length + ArchiveFormat.RECORD_SIZE[ArchiveFormat.SECTION_PROVENANCE])
                .order(ByteOrder.LITTLE_ENDIAN).put(provenance);
        more.putInt(pool.length).putInt(keyUtf8.length).putInt(pool.length + keyUtf8.length).putInt(valueUtf8.length);
        sections[ArchiveFormat.SECTION_PROVENANCE] = more.array();
        return image.commit(sections);
    }

    private static byte[] bytes(ByteBuffer section) {
        byte[] copy = new byte[section.remaining()];
        section.duplicate().get(copy);
        return copy;
    }
}
