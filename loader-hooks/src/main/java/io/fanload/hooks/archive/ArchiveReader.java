package io.fanload.hooks.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.CRC32C;

/**
 * A fanload archive mapped into memory and used in place.
 *
 * <p>{@link #open(Path)} maps the file, checks the header, the trailer and the CRC32C of the
 * metadata region, and reads nothing per entry: every lookup is a binary search over the fixed-size
 * NAMES records inside the mapping. All methods are safe for concurrent use: the mapping is only
 * read with absolute gets, and the caches are idempotent.
 *
 * <p>Content is checked before anyone can run it: {@link #rawContent(int)} verifies an entry's
 * CRC32C on first use (a JVM intrinsic, fast even before the JIT has compiled anything — which is
 * when a rank starts). The format's per-entry xxHash64 is checked where LZ4 lives: by the node
 * agent when it makes a node-local image, and by {@code verify}.
 */
public final class ArchiveReader implements AutoCloseable {

    private final Path file;
    private final ByteBuffer map;
    private final int flags;
    private final int feature;
    private final long created;
    private final long dataEnd;
    private final long filesEnd;
    private final int[] sectionOffset = new int[ArchiveFormat.SECTION_COUNT];
    private final int[] sectionLength = new int[ArchiveFormat.SECTION_COUNT];
    private final int nameCount;
    private final int hitCount;
    /** 1 once an entry's CRC32C matched; a race only repeats the check. */
    private final byte[] verified;
    private final AtomicReferenceArray<CodeSigner[]> signerCache;
    private final StringPool pool;

    private ArchiveReader(Path file, ByteBuffer map) throws ArchiveException {
        this.file = file;
        this.map = map;
        int size = map.capacity();
        FormatChecks.checkHeader(file, map, 0);
        int trailer = size - ArchiveFormat.TRAILER_SIZE;
        FormatChecks.checkTrailer(file, map, trailer, size);
        flags = Short.toUnsignedInt(map.getShort(ArchiveFormat.H_FLAGS));
        feature = map.getInt(ArchiveFormat.H_FEATURE);
        created = map.getLong(ArchiveFormat.H_CREATED);
        dataEnd = map.getLong(trailer + ArchiveFormat.T_DATA_END);
        if (dataEnd < ArchiveFormat.HEADER_SIZE || dataEnd > trailer) {
            throw corrupt("data region end " + dataEnd + " lies outside the file");
        }
        filesEnd = map.getLong(ArchiveFormat.H_FILES_END);
        if (filesEnd < ArchiveFormat.HEADER_SIZE || filesEnd > dataEnd) {
            throw corrupt("whole-file part end " + filesEnd + " lies outside the data region");
        }
        if (map.getInt(trailer + ArchiveFormat.T_SECTION_COUNT) != ArchiveFormat.SECTION_COUNT) {
            throw corrupt("section count " + map.getInt(trailer + ArchiveFormat.T_SECTION_COUNT)
                    + " is not " + ArchiveFormat.SECTION_COUNT);
        }
        long previousEnd = dataEnd;
        for (int s = 0; s < ArchiveFormat.SECTION_COUNT; s++) {
            long offset = map.getLong(trailer + ArchiveFormat.T_SECTIONS + 16 * s);
            long length = map.getLong(trailer + ArchiveFormat.T_SECTIONS + 16 * s + 8);
            if (offset < previousEnd || length < 0 || offset + length > trailer || offset + length < offset) {
                throw corrupt("section " + s + " [" + offset + ", +" + length + ") is out of place");
            }
            if (length % ArchiveFormat.RECORD_SIZE[s] != 0) {
                throw corrupt("section " + s + " length " + length + " is not a whole number of records");
            }
            sectionOffset[s] = (int) offset;
            sectionLength[s] = (int) length;
            previousEnd = offset + length;
        }
        int metadataCrc = FormatChecks.crc32c(map, (int) dataEnd, trailer);
        if (metadataCrc != map.getInt(trailer + ArchiveFormat.T_METADATA_CRC)) {
            throw corrupt("index checksum mismatch (corrupt index)");
        }
        nameCount = count(ArchiveFormat.SECTION_NAMES);
        hitCount = count(ArchiveFormat.SECTION_HITS);
        verified = new byte[hitCount];
        signerCache = new AtomicReferenceArray<>(count(ArchiveFormat.SECTION_SIGNERS));
        pool = new StringPool(file, map, sectionOffset[ArchiveFormat.SECTION_POOL], sectionLength[ArchiveFormat.SECTION_POOL]);
    }

    /**
     * Maps and checks {@code file}. Readers map one buffer, so an archive is limited to
     * 2 GiB - 1 byte; the writer refuses to make a larger one.
     */
    public static ArchiveReader open(Path file) throws ArchiveException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            checkSize(file, size);
            ByteBuffer map = ArchiveMapping.map(channel, size).order(ByteOrder.LITTLE_ENDIAN);
            return new ArchiveReader(file, map);
        } catch (NoSuchFileException e) {
            throw new ArchiveException(file + ": no such archive");
        } catch (ArchiveException e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveException(file + ": cannot map the archive: " + e.getMessage(), e);
        }
    }

    /**
     * Checks {@code content} (its remaining bytes: one whole archive already in memory) as
     * {@link #open(Path)} checks a file; {@code name} only labels messages. For tools and fuzz
     * tests, which would otherwise pay a file and a mapping per archive: ranks always map a file.
     */
    public static ArchiveReader of(Path name, ByteBuffer content) throws ArchiveException {
        checkSize(name, content.remaining());
        return new ArchiveReader(name, content.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    private static void checkSize(Path file, long size) throws ArchiveException {
        if (size < ArchiveFormat.HEADER_SIZE + ArchiveFormat.TRAILER_SIZE) {
            throw new ArchiveException(file + ": too short to be a fanload archive (" + size + " bytes)");
        }
        if (size > Integer.MAX_VALUE) {
            throw new ArchiveException(file + ": archive of " + size + " bytes is larger than the format's 2 GiB limit");
        }
    }

    /**
     * Refuses an archive recorded on another JDK feature release: multi-release jars were resolved
     * for the pilot's release, so serving them to another would run the wrong class versions.
     */
    public void requireFeature(int runtimeFeature) throws ArchiveException {
        if (feature != runtimeFeature) {
            throw new ArchiveException(file + ": archive was recorded on JDK " + feature + " but this JVM is JDK "
                    + runtimeFeature + "; make the cache with a pilot on JDK " + runtimeFeature);
        }
    }

    public Path file() {
        return file;
    }

    public long size() {
        return map.capacity();
    }

    public int feature() {
        return feature;
    }

    public int flags() {
        return flags;
    }

    public boolean isImage() {
        return (flags & ArchiveFormat.FLAG_IMAGE) != 0;
    }

    public long createdMillis() {
        return created;
    }

    /** End of the data region: the data region is {@code [HEADER_SIZE, dataEnd())}. */
    public long dataEnd() {
        return dataEnd;
    }

    /** End of the whole-file part {@code [HEADER_SIZE, filesEnd())}; entries lie in {@code [filesEnd(), dataEnd())}. */
    public long filesEnd() {
        return filesEnd;
    }

    /** The class-path files carried whole (none in a node image), with their offsets, and the neighbour links. */
    public WholeFileTable.Table wholeFileTable() throws ArchiveException {
        ByteBuffer table = map.duplicate().position(ArchiveFormat.HEADER_SIZE).limit((int) filesEnd);
        return WholeFileTable.parseTable(file.toString(), table, filesEnd);
    }

    /** The bytes of a carried file, a view of the mapping; its SHA-256 is the source's ({@code verify} checks it). */
    public ByteBuffer wholeFileContent(WholeFileTable.WholeFile wholeFile) {
        return map.duplicate().position((int) wholeFile.offset()).limit((int) (wholeFile.offset() + wholeFile.size()))
                .slice();
    }

    /** Metadata section {@code section}'s bytes as they are in the file (read-only, little-endian). */
    public ByteBuffer sectionBytes(int section) {
        return map.slice(sectionOffset[section], sectionLength[section]).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The SHA-256 of every byte before the trailer, as the trailer records it. */
    public byte[] digest() {
        byte[] digest = new byte[32];
        map.get(map.capacity() - ArchiveFormat.TRAILER_SIZE + ArchiveFormat.T_SHA256, digest);
        return digest;
    }

    // ---------------------------------------------------------------- names

    public int nameCount() {
        return nameCount;
    }

    /**
     * The NAMES row of {@code name}, or -1 if the pilot never asked for it. A row with
     * {@link #nameHitCount(int)} 0 is a negative entry: the name is known to be absent.
     */
    public int findName(String name) {
        int hash = ArchiveFormat.nameHash(name);
        int base = sectionOffset[ArchiveFormat.SECTION_NAMES];
        int low = 0;
        int high = nameCount - 1;
        while (low <= high) { // leftmost row with this hash
            int mid = (low + high) >>> 1;
            if (map.getInt(base + mid * 24) < hash) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        for (int row = low; row < nameCount && map.getInt(base + row * 24) == hash; row++) {
            int record = base + row * 24;
            if (pool.matches(record + ArchiveFormat.N_NAME, name)) {
                return row;
            }
        }
        return -1;
    }

    /** The hash a NAMES row is sorted and found by ({@link ArchiveFormat#nameHash}). */
    public int nameHashAt(int row) {
        return map.getInt(nameRecord(row) + ArchiveFormat.N_HASH);
    }

    public String nameAt(int row) {
        return pool.string(nameRecord(row) + ArchiveFormat.N_NAME);
    }

    public int nameFirstHit(int row) {
        return map.getInt(nameRecord(row) + ArchiveFormat.N_FIRST_HIT);
    }

    public int nameHitCount(int row) {
        return map.getInt(nameRecord(row) + ArchiveFormat.N_HIT_COUNT);
    }

    // ---------------------------------------------------------------- hits

    public int hitCount() {
        return hitCount;
    }

    public int hitOrigin(int hit) {
        return map.getInt(hitRecord(hit) + ArchiveFormat.HT_ORIGIN);
    }

    public int hitSignerSet(int hit) {
        return map.getInt(hitRecord(hit) + ArchiveFormat.HT_SIGNERS);
    }

    public EntryKind hitKind(int hit) {
        return EntryKind.ofCode(map.get(hitRecord(hit) + ArchiveFormat.HT_KIND));
    }

    public int hitRawLength(int hit) {
        return map.getInt(hitRecord(hit) + ArchiveFormat.HT_RAW_LENGTH);
    }

    public long hitLastModified(int hit) {
        return map.getLong(hitRecord(hit) + ArchiveFormat.HT_LAST_MODIFIED);
    }

    public Records.Hit hit(int hit) {
        int r = hitRecord(hit);
        return new Records.Hit(map.getInt(r + ArchiveFormat.HT_ORIGIN), map.getInt(r + ArchiveFormat.HT_SIGNERS),
                map.getLong(r + ArchiveFormat.HT_DATA_OFFSET), map.getInt(r + ArchiveFormat.HT_STORED_LENGTH),
                map.getInt(r + ArchiveFormat.HT_RAW_LENGTH), map.getLong(r + ArchiveFormat.HT_XXHASH64),
                map.getInt(r + ArchiveFormat.HT_CRC32C), Byte.toUnsignedInt(map.get(r + ArchiveFormat.HT_CODEC)),
                EntryKind.ofCode(map.get(r + ArchiveFormat.HT_KIND)), map.getLong(r + ArchiveFormat.HT_LAST_MODIFIED));
    }

    /**
     * The stored bytes of {@code hit} as a read-only slice of the mapping, unchecked and possibly
     * compressed (see {@link Records.Hit#codec()}): for tools that decompress and check xxHash64.
     */
    public ByteBuffer storedContent(int hit) throws ArchiveException {
        int r = hitRecord(hit);
        return storedContent(hit, map.getLong(r + ArchiveFormat.HT_DATA_OFFSET), map.getInt(r + ArchiveFormat.HT_STORED_LENGTH));
    }

    /**
     * As {@link #storedContent(int)}, where entry {@code hit} as read before (its {@link Records.Hit})
     * says its bytes are: for a node expanding entries while the archive arrives, which reads each
     * entry's record once.
     */
    public ByteBuffer storedContent(int hit, long offset, int storedLength) throws ArchiveException {
        long length = Integer.toUnsignedLong(storedLength);
        // offset is a forged u64 at worst: compare without adding, which could wrap around
        if (offset < ArchiveFormat.HEADER_SIZE || offset > dataEnd - length) {
            throw corrupt("entry " + hit + " points outside the data region");
        }
        return map.slice((int) offset, (int) length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The content of {@code hit}, stored raw, as a read-only slice of the mapping whose CRC32C has
     * been checked. A compressed entry is refused: ranks read node-local images, whose entries
     * the node agent expanded and checked.
     */
    public ByteBuffer rawContent(int hit) throws ArchiveException {
        int r = hitRecord(hit);
        if (map.get(r + ArchiveFormat.HT_CODEC) != ArchiveFormat.CODEC_RAW) {
            throw new ArchiveException(file + ": entry " + hit + " is LZ4-compressed; ranks serve from a node-local image");
        }
        ByteBuffer content = storedContent(hit);
        if (map.getInt(r + ArchiveFormat.HT_RAW_LENGTH) != content.remaining()) {
            throw corrupt("entry " + hit + " stored length differs from its raw length");
        }
        if (verified[hit] == 0) {
            CRC32C crc = new CRC32C();
            crc.update(content.duplicate());
            if ((int) crc.getValue() != map.getInt(r + ArchiveFormat.HT_CRC32C)) {
                throw corrupt("entry " + hit + " failed its CRC32C check (corrupt content)");
            }
            verified[hit] = 1;
        }
        return content;
    }

    /** {@link #rawContent(int)} copied into a new array, e.g. for {@code defineClass}. */
    public byte[] rawBytes(int hit) throws ArchiveException {
        ByteBuffer content = rawContent(hit);
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        return bytes;
    }

    // ---------------------------------------------------------------- origins, signers, sources

    public int originCount() {
        return count(ArchiveFormat.SECTION_ORIGINS);
    }

    public Records.Origin origin(int index) {
        int r = record(ArchiveFormat.SECTION_ORIGINS, index);
        return new Records.Origin(pool.string(r + ArchiveFormat.O_PATH), map.get(r + ArchiveFormat.O_KIND),
                (map.get(r + ArchiveFormat.O_FLAGS) & ArchiveFormat.ORIGIN_FLAG_MULTI_RELEASE) != 0,
                map.getInt(r + ArchiveFormat.O_SOURCE), map.getInt(r + ArchiveFormat.O_MANIFEST_HIT));
    }

    /** The listing of folder origin {@code index} when the pilot ran; null for a jar. */
    public DirectoryListing listing(int index) {
        int r = record(ArchiveFormat.SECTION_ORIGINS, index);
        if (map.get(r + ArchiveFormat.O_KIND) != ArchiveFormat.ORIGIN_DIRECTORY) {
            return null;
        }
        boolean complete = (map.get(r + ArchiveFormat.O_FLAGS) & ArchiveFormat.ORIGIN_FLAG_LISTING_PARTIAL) == 0;
        return DirectoryListing.decode(pool.string(r + ArchiveFormat.O_LISTING), complete);
    }

    public int signerSetCount() {
        return signerCache.length();
    }

    /** The code signers of signer set {@code index}, decoded on first use. */
    public CodeSigner[] signers(int index) throws ArchiveException {
        CodeSigner[] signers = signerCache.get(index);
        if (signers == null) {
            int r = record(ArchiveFormat.SECTION_SIGNERS, index);
            try {
                signers = SignerEncoding.decode(pool.bytes(r));
            } catch (IOException | RuntimeException e) {
                throw corrupt("signer set " + index + " cannot be decoded: " + e.getMessage());
            }
            signerCache.compareAndSet(index, null, signers);
        }
        return signers.clone();
    }

    public int sourceCount() {
        return count(ArchiveFormat.SECTION_SOURCES);
    }

    public Records.Source source(int index) {
        int r = record(ArchiveFormat.SECTION_SOURCES, index);
        byte[] sha = new byte[32];
        map.get(r + ArchiveFormat.S_SHA256, sha);
        return new Records.Source(pool.string(r + ArchiveFormat.S_PATH), map.getLong(r + ArchiveFormat.S_SIZE),
                map.getLong(r + ArchiveFormat.S_MTIME_NANOS), sha, map.get(r + ArchiveFormat.S_KIND));
    }

    // ---------------------------------------------------------------- natives, provenance

    public int nativeCount() {
        return count(ArchiveFormat.SECTION_NATIVES);
    }

    public Records.Native nativeAt(int index) {
        int r = record(ArchiveFormat.SECTION_NATIVES, index);
        String needed = pool.string(r + ArchiveFormat.NT_NEEDED);
        return new Records.Native(pool.string(r + ArchiveFormat.NT_FILE_NAME), pool.string(r + ArchiveFormat.NT_SONAME),
                pool.string(r + ArchiveFormat.NT_ORIGINAL_PATH),
                needed.isEmpty() ? List.of() : List.of(needed.split("\0")),
                map.getInt(r + ArchiveFormat.NT_HIT), map.getInt(r + ArchiveFormat.NT_SOURCE),
                map.getInt(r + ArchiveFormat.NT_LOAD_ORDER), map.getInt(r + ArchiveFormat.NT_FLAGS));
    }

    /** The native whose file name (e.g. {@code libfoo.so}) is {@code fileName}, or -1. */
    public int findNative(String fileName) {
        int count = nativeCount();
        for (int i = 0; i < count; i++) {
            if (pool.matches(record(ArchiveFormat.SECTION_NATIVES, i) + ArchiveFormat.NT_FILE_NAME, fileName)) {
                return i;
            }
        }
        return -1;
    }

    /** The provenance key/value pairs in the order they were written (keys may repeat). */
    public List<Map.Entry<String, String>> provenance() {
        int count = count(ArchiveFormat.SECTION_PROVENANCE);
        List<Map.Entry<String, String>> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int r = record(ArchiveFormat.SECTION_PROVENANCE, i);
            entries.add(Map.entry(pool.string(r + ArchiveFormat.P_KEY), pool.string(r + ArchiveFormat.P_VALUE)));
        }
        return entries;
    }

    /** The first provenance value for {@code key}, or {@code null}. */
    public String provenance(String key) {
        for (Map.Entry<String, String> entry : provenance()) {
            if (entry.getKey().equals(key)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** Drops the mapping's reference; the JDK unmaps it when it is collected. */
    @Override
    public void close() {
        // MappedByteBuffer has no public unmap in JDK 17; the mapping goes with this object.
    }

    @Override
    public String toString() {
        return "ArchiveReader[" + file + ", " + nameCount + " names, " + hitCount + " entries]";
    }

    // ---------------------------------------------------------------- internals

    private int count(int section) {
        return sectionLength[section] / ArchiveFormat.RECORD_SIZE[section];
    }

    private int record(int section, int index) {
        if (index < 0 || index >= count(section)) {
            throw new IndexOutOfBoundsException("section " + section + " row " + index);
        }
        return sectionOffset[section] + index * ArchiveFormat.RECORD_SIZE[section];
    }

    private int nameRecord(int row) {
        return record(ArchiveFormat.SECTION_NAMES, row);
    }

    private int hitRecord(int hit) {
        return record(ArchiveFormat.SECTION_HITS, hit);
    }

    private ArchiveException corrupt(String what) {
        return new ArchiveException(file + ": " + what);
    }
}
