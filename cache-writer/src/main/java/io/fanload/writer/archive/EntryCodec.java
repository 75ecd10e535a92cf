package io.fanload.writer.archive;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Per-entry compression and checksums. Decompression uses only lz4-java's <em>safe</em>
 * decompressor, which never reads or writes outside the buffers it is given, whatever the input
 * (the "fast" one trusts its input; CVE-2025-12183).
 */
public final class EntryCodec {

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    private static final XXHash64 XXHASH = XXHashFactory.fastestInstance().hash64();
    /**
     * No LZ4 block expands one byte into more: a literal is one byte out per byte in, a token and
     * its offset (3 bytes) make at most 19 bytes of match, and each length byte adds at most 255.
     */
    private static final int LZ4_MAX_EXPANSION = 255;
    /** Seed of every xxHash64 in the format. */
    public static final long XXHASH_SEED = 0;

    private EntryCodec() {
    }

    /**
     * LZ4-compresses {@code raw} into a new buffer, or returns {@code null} when that would not make
     * it smaller (incompressible data is stored raw).
     */
    public static ByteBuffer compressOrNull(ByteBuffer raw) {
        int length = raw.remaining();
        ByteBuffer out = ByteBuffer.allocate(COMPRESSOR.maxCompressedLength(length));
        int compressed = COMPRESSOR.compress(raw, raw.position(), length, out, 0, out.capacity());
        return compressed < length ? out.limit(compressed) : null;
    }

    /**
     * The raw content of a stored entry: {@code stored} itself for codec 0, else decompressed with
     * the safe decompressor into a new heap buffer of exactly {@code rawLength} bytes.
     */
    public static ByteBuffer decode(ByteBuffer stored, int codec, int rawLength, String what) throws ArchiveException {
        return decodeAny(stored, codec, rawLength, what);
    }

    private static ByteBuffer decodeAny(ByteBuffer stored, int codec, int rawLength, Object what) throws ArchiveException {
        if (codec == ArchiveFormat.CODEC_RAW) {
            if (stored.remaining() != rawLength) {
                throw new ArchiveException(what + ": raw entry is " + stored.remaining() + " bytes, index says " + rawLength);
            }
            return stored;
        }
        if (codec != ArchiveFormat.CODEC_LZ4_BLOCK) {
            throw new ArchiveException(what + ": unknown codec " + codec);
        }
        return decompress(stored, rawLength, ByteBuffer.allocate(checkedLength(stored, rawLength, what)), what);
    }

    /**
     * {@code rawLength} comes from the index: bound it by what the stored bytes can expand to before
     * allocating, so a forged length cannot make the node agent allocate gigabytes.
     */
    private static int checkedLength(ByteBuffer stored, int rawLength, Object what) throws ArchiveException {
        if (rawLength < 0 || rawLength > (long) LZ4_MAX_EXPANSION * stored.remaining()) {
            throw new ArchiveException(what + ": index says " + Integer.toUnsignedString(rawLength) + " bytes, more than "
                    + stored.remaining() + " LZ4 bytes can hold");
        }
        return rawLength;
    }

    /** Decompresses into {@code out} (from 0, at least {@code rawLength} bytes); returns it limited to them. */
    private static ByteBuffer decompress(ByteBuffer stored, int rawLength, ByteBuffer out, Object what)
            throws ArchiveException {
        int produced;
        try {
            produced = DECOMPRESSOR.decompress(stored, stored.position(), stored.remaining(), out, 0, rawLength);
        } catch (LZ4Exception e) {
            throw new ArchiveException(what + ": LZ4 data is corrupt");
        }
        if (produced != rawLength) {
            throw new ArchiveException(what + ": decompressed to " + produced + " bytes, index says " + rawLength);
        }
        return out.position(0).limit(rawLength);
    }

    public static long xxhash64(ByteBuffer data) {
        return XXHASH.hash(data, data.position(), data.remaining(), XXHASH_SEED);
    }

    public static int crc32c(ByteBuffer data) {
        CRC32C crc = new CRC32C();
        crc.update(data.duplicate());
        return (int) crc.getValue();
    }

    /**
     * Decodes entry after entry into one buffer it keeps, for a caller that is done with each raw
     * content before it decodes the next (a node expanding an archive into its image: no new,
     * zeroed buffer per entry). Not thread-safe.
     */
    public static final class Decoder {
        private ByteBuffer scratch = ByteBuffer.allocate(0);

        /**
         * As {@link EntryCodec#decodeVerified}; the content returned is valid until the next call
         * (for codec 0 it is {@code stored} itself). {@code what} names the entry in an error, by its
         * {@code toString()}, called only then: no string is built per entry.
         */
        public ByteBuffer decodeVerified(ByteBuffer stored, int codec, int rawLength, long xxhash64, int crc32c,
                                         Object what) throws ArchiveException {
            ByteBuffer raw;
            if (codec == ArchiveFormat.CODEC_LZ4_BLOCK && checkedLength(stored, rawLength, what) <= scratch.capacity()) {
                raw = decompress(stored, rawLength, scratch.clear(), what);
            } else {
                raw = decodeAny(stored, codec, rawLength, what);
                if (codec == ArchiveFormat.CODEC_LZ4_BLOCK) {
                    scratch = raw;
                }
            }
            check(raw, xxhash64, crc32c, what);
            return raw;
        }
    }

    /** Decodes and checks both checksums of a stored entry; returns the raw content. */
    public static ByteBuffer decodeVerified(ByteBuffer stored, int codec, int rawLength, long xxhash64, int crc32c,
                                            String what) throws ArchiveException {
        ByteBuffer raw = decode(stored, codec, rawLength, what);
        check(raw, xxhash64, crc32c, what);
        return raw;
    }

    private static void check(ByteBuffer raw, long xxhash64, int crc32c, Object what) throws ArchiveException {
        if (xxhash64(raw) != xxhash64) {
            throw new ArchiveException(what + ": xxHash64 mismatch (corrupt content)");
        }
        if (crc32c(raw) != crc32c) {
            throw new ArchiveException(what + ": CRC32C mismatch (corrupt content)");
        }
    }
}
