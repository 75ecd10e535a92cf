package io.fanload.writer.archive;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.DirectoryListing;
import io.fanload.hooks.archive.WholeFileTable;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.archive.ArchiveIdentity;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * Writes one archive in a single sequential pass (docs/FORMAT.md).
 *
 * <p>Call order: {@link #create}; then, in any order, {@link #addBlob} for each entry's bytes (the
 * data region is laid out in call order, so callers add blobs in first-use order and ranks touch
 * pages front to back), {@link #addSource}, {@link #addSignerSet}, {@link #addOrigin},
 * {@link #addName}, {@link #addNative}, {@link #addProvenance}; then {@link #commit}. {@link #close}
 * without a commit deletes the temporary file: a reader never sees half an archive.
 *
 * <p>Bytes go to a temporary file beside the target, through the SHA-256 as they are written; the
 * metadata sections and the trailer follow the data region, and the file is renamed onto the
 * target only when complete and forced to disk. Not thread-safe.
 */
public final class ArchiveWriter implements Closeable {

    private static final int NONE = ArchiveFormat.NONE;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final DigestingOutput out;
    private final int feature;
    private final boolean image;

    private final List<byte[]> origins = new ArrayList<>();
    private final List<HitSpec> originManifests = new ArrayList<>();
    private final List<byte[]> signerSets = new ArrayList<>();
    private final Map<ByteBuffer, Integer> signerIndex = new HashMap<>();
    private final List<SourceRow> sources = new ArrayList<>();
    private final Map<String, List<HitSpec>> names = new LinkedHashMap<>();
    private final List<NativeRow> natives = new ArrayList<>();
    private final List<String[]> provenance = new ArrayList<>();
    private final Pool pool = new Pool();
    private boolean committed;

    private ArchiveWriter(Path target, int feature, boolean image, long createdMillis, List<WholeFile> files,
                          List<String> links) throws IOException {
        this.target = target;
        this.feature = feature;
        this.image = image;
        Path dir = target.toAbsolutePath().getParent();
        this.temp = dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.out = new DigestingOutput(channel, !image);
        try {
            byte[] table = files.isEmpty() && links.isEmpty() ? new byte[0] : WholeFileTable.encode(files, links);
            long filesEnd = ArchiveFormat.HEADER_SIZE + table.length;
            for (WholeFile file : files) {
                filesEnd += file.size();
            }
            out.write(header(feature, image, createdMillis, filesEnd));
            out.write(ByteBuffer.wrap(table));
            for (WholeFile file : files) {
                copyWhole(file);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts an archive for JDK feature release {@code feature}. An {@code image} stores every
     * entry raw (header flag IMAGE): what ranks map on a node.
     */
    public static ArchiveWriter create(Path target, int feature, boolean image) throws IOException {
        return create(target, feature, image, List.of(), List.of());
    }

    /**
     * As {@link #create(Path, int, boolean)}, with {@code files} carried whole at the start (their
     * {@code path}s are read now; size, mtime and CRC32C are what the table records) and the
     * neighbour {@code links} the whole-file table names (docs/FORMAT.md section 6.1).
     */
    public static ArchiveWriter create(Path target, int feature, boolean image, List<WholeFile> files,
                                       List<String> links) throws IOException {
        return new ArchiveWriter(target, feature, image, System.currentTimeMillis(), List.copyOf(files),
                List.copyOf(links));
    }

    /** Copies one carried file; it must still have the size and CRC32C the table gives for it. */
    private void copyWhole(WholeFile file) throws IOException {
        long copied = 0;
        CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(Path.of(file.path()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (copied <= file.size() && in.read(buffer.clear()) > 0) {
                buffer.flip();
                copied += buffer.remaining();
                if (copied <= file.size()) {
                    crc.update(buffer.duplicate());
                    out.write(buffer);
                }
            }
        }
        if (copied != file.size() || (int) crc.getValue() != file.crc32c()) {
            throw new ArchiveException(file.path() + ": changed while the archive was written (" + file.size()
                    + " bytes when listed, " + copied + " now); run the pilot again");
        }
        checkSize();
    }

    /** Appends one entry's content to the data region: LZ4 unless this is an image or it does not shrink. */
    public Blob addBlob(ByteBuffer raw) throws IOException {
        return addChecked(raw, EntryCodec.xxhash64(raw), EntryCodec.crc32c(raw));
    }

    /**
     * As {@link #addBlob(ByteBuffer)}, for content the caller has just checked against these
     * checksums (a node expanding a verified entry): they are not computed a second time.
     */
    public Blob addChecked(ByteBuffer raw, long xxhash, int crc) throws IOException {
        ByteBuffer content = raw.duplicate();
        int rawLength = content.remaining();
        ByteBuffer compressed = image ? null : EntryCodec.compressOrNull(content);
        ByteBuffer stored = compressed == null ? content : compressed;
        long offset = out.position();
        out.write(stored);
        checkSize();
        return new Blob(offset, stored.remaining(), rawLength,
                compressed == null ? ArchiveFormat.CODEC_RAW : ArchiveFormat.CODEC_LZ4_BLOCK, xxhash, crc);
    }

    public Blob addBlob(byte[] raw) throws IOException {
        return addBlob(ByteBuffer.wrap(raw));
    }

    /** Adds a source file's fingerprint; returns its SOURCES index. */
    public int addSource(String path, int kind, long size, long mtimeNanos, byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("SHA-256 is 32 bytes");
        }
        sources.add(new SourceRow(path, kind, size, mtimeNanos, sha256.clone()));
        return sources.size() - 1;
    }

    /** Adds a signer set (bytes from {@code SignerEncoding.encode}); equal sets share one index. */
    public int addSignerSet(byte[] encoded) {
        return signerIndex.computeIfAbsent(ByteBuffer.wrap(encoded.clone()), key -> {
            signerSets.add(key.array());
            return signerSets.size() - 1;
        });
    }

    /** Adds the next class-path element; returns its index (class-path order is call order). */
    public int addOrigin(String path, int kind, boolean multiRelease, int source, HitSpec manifest) {
        return addOrigin(path, kind, multiRelease, source, manifest, null);
    }

    /** As above, for a folder with the listing of its names ({@code listing} null for a jar). */
    public int addOrigin(String path, int kind, boolean multiRelease, int source, HitSpec manifest,
                         DirectoryListing listing) {
        ByteBuffer record = record(ArchiveFormat.SECTION_ORIGINS);
        pool.ref(record, ArchiveFormat.O_PATH, path);
        record.put(ArchiveFormat.O_KIND, (byte) kind);
        int flags = (multiRelease ? ArchiveFormat.ORIGIN_FLAG_MULTI_RELEASE : 0)
                | (listing != null && !listing.complete() ? ArchiveFormat.ORIGIN_FLAG_LISTING_PARTIAL : 0);
        record.put(ArchiveFormat.O_FLAGS, (byte) flags);
        pool.ref(record, ArchiveFormat.O_LISTING, listing == null ? "" : listing.encoded());
        record.putInt(ArchiveFormat.O_SOURCE, source);
        origins.add(record.array());
        originManifests.add(manifest);
        return origins.size() - 1;
    }

    /** Adds a name with its hits in class-path order; no hits makes a negative entry. */
    public void addName(String name, List<HitSpec> hits) {
        if (names.putIfAbsent(name, List.copyOf(hits)) != null) {
            throw new IllegalArgumentException("name added twice: " + name);
        }
    }

    public void addNative(String fileName, String soname, String originalPath, List<String> needed, HitSpec hit,
                          int source, int loadOrder, int flags) {
        natives.add(new NativeRow(fileName, soname == null ? "" : soname, originalPath, String.join("\0", needed),
                hit, source, loadOrder, flags));
    }

    public void addProvenance(String key, String value) {
        provenance.add(new String[] {key, value});
    }

    /** Bytes written so far (the data region while blobs are being added). */
    public long position() {
        return out.position();
    }

    /** Writes the metadata and the trailer, forces the file to disk and renames it onto the target. */
    public ArchiveIdentity commit() throws IOException {
        long dataEnd = out.position();
        Map<HitSpec, Integer> hitIndex = new IdentityHashMap<>();
        ByteArrayOutputStream hits = new ByteArrayOutputStream();
        List<NameRow> sorted = sortedNames();
        ByteBuffer nameTable = ByteBuffer.allocate(sorted.size() * 24).order(ByteOrder.LITTLE_ENDIAN);
        for (NameRow name : sorted) {
            int first = hits.size() / 48;
            for (HitSpec hit : name.hits()) {
                appendHit(hits, hitIndex, hit, true);
            }
            int at = nameTable.position();
            nameTable.putInt(at + ArchiveFormat.N_HASH, name.hash());
            pool.ref(nameTable, at + ArchiveFormat.N_NAME, name.name());
            nameTable.putInt(at + ArchiveFormat.N_FIRST_HIT, name.hits().isEmpty() ? NONE : first);
            nameTable.putInt(at + ArchiveFormat.N_HIT_COUNT, name.hits().size());
            nameTable.position(at + 24);
        }
        ByteArrayOutputStream originTable = new ByteArrayOutputStream();
        for (int i = 0; i < origins.size(); i++) {
            ByteBuffer record = ByteBuffer.wrap(origins.get(i)).order(ByteOrder.LITTLE_ENDIAN);
            HitSpec manifest = originManifests.get(i);
            record.putInt(ArchiveFormat.O_MANIFEST_HIT, manifest == null ? NONE : appendHit(hits, hitIndex, manifest, false));
            originTable.writeBytes(record.array());
        }
        ByteArrayOutputStream nativeTable = new ByteArrayOutputStream();
        for (NativeRow n : natives) {
            ByteBuffer record = record(ArchiveFormat.SECTION_NATIVES);
            pool.ref(record, ArchiveFormat.NT_FILE_NAME, n.fileName());
            pool.ref(record, ArchiveFormat.NT_SONAME, n.soname());
            pool.ref(record, ArchiveFormat.NT_ORIGINAL_PATH, n.originalPath());
            pool.ref(record, ArchiveFormat.NT_NEEDED, n.needed());
            record.putInt(ArchiveFormat.NT_HIT, appendHit(hits, hitIndex, n.hit(), false));
            record.putInt(ArchiveFormat.NT_SOURCE, n.source());
            record.putInt(ArchiveFormat.NT_LOAD_ORDER, n.loadOrder());
            record.putInt(ArchiveFormat.NT_FLAGS, n.flags());
            nativeTable.writeBytes(record.array());
        }
        ByteArrayOutputStream signerTable = new ByteArrayOutputStream();
        for (byte[] set : signerSets) {
            ByteBuffer record = record(ArchiveFormat.SECTION_SIGNERS);
            pool.ref(record, 0, set);
            signerTable.writeBytes(record.array());
        }
        ByteArrayOutputStream sourceTable = new ByteArrayOutputStream();
        for (SourceRow s : sources) {
            ByteBuffer record = record(ArchiveFormat.SECTION_SOURCES);
            pool.ref(record, ArchiveFormat.S_PATH, s.path());
            record.putLong(ArchiveFormat.S_SIZE, s.size());
            record.putLong(ArchiveFormat.S_MTIME_NANOS, s.mtimeNanos());
            record.put(ArchiveFormat.S_SHA256, s.sha256());
            record.put(ArchiveFormat.S_KIND, (byte) s.kind());
            sourceTable.writeBytes(record.array());
        }
        ByteArrayOutputStream provenanceTable = new ByteArrayOutputStream();
        for (String[] p : provenance) {
            ByteBuffer record = record(ArchiveFormat.SECTION_PROVENANCE);
            pool.ref(record, ArchiveFormat.P_KEY, p[0]);
            pool.ref(record, ArchiveFormat.P_VALUE, p[1]);
            provenanceTable.writeBytes(record.array());
        }

        byte[][] sections = new byte[ArchiveFormat.SECTION_COUNT][];
        sections[ArchiveFormat.SECTION_POOL] = pool.bytes();
        sections[ArchiveFormat.SECTION_ORIGINS] = originTable.toByteArray();
        sections[ArchiveFormat.SECTION_SIGNERS] = signerTable.toByteArray();
        sections[ArchiveFormat.SECTION_SOURCES] = sourceTable.toByteArray();
        sections[ArchiveFormat.SECTION_NAMES] = nameTable.array();
        sections[ArchiveFormat.SECTION_HITS] = hits.toByteArray();
        sections[ArchiveFormat.SECTION_NATIVES] = nativeTable.toByteArray();
        sections[ArchiveFormat.SECTION_PROVENANCE] = provenanceTable.toByteArray();
        return commit(sections);
    }

    /**
     * Writes {@code sections} (section-number order, each a whole number of its records) after the
     * data region, then the trailer, and puts the file in place.
     */
    ArchiveIdentity commit(byte[][] sections) throws IOException {
        long dataEnd = out.position();
        out.startRegionCrc();
        long[] offsets = new long[ArchiveFormat.SECTION_COUNT];
        for (int s = 0; s < sections.length; s++) {
            out.padTo(8);
            offsets[s] = out.position();
            out.write(sections[s]);
        }
        out.padTo(8);
        checkSize();
        int metadataCrc = out.regionCrc();
        long trailerStart = out.position();
        byte[] digest = out.finishDigest();

        ByteBuffer trailer = ByteBuffer.allocate(ArchiveFormat.TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        trailer.put(ArchiveFormat.T_MAGIC, ArchiveFormat.trailerMagic());
        trailer.putLong(ArchiveFormat.T_TOTAL_SIZE, trailerStart + ArchiveFormat.TRAILER_SIZE);
        trailer.putLong(ArchiveFormat.T_DATA_END, dataEnd);
        trailer.putInt(ArchiveFormat.T_SECTION_COUNT, ArchiveFormat.SECTION_COUNT);
        trailer.putInt(ArchiveFormat.T_METADATA_CRC, metadataCrc);
        for (int s = 0; s < sections.length; s++) {
            trailer.putLong(ArchiveFormat.T_SECTIONS + 16 * s, offsets[s]);
            trailer.putLong(ArchiveFormat.T_SECTIONS + 16 * s + 8, sections[s].length);
        }
        trailer.put(ArchiveFormat.T_SHA256, digest);
        trailer.putInt(ArchiveFormat.T_CRC, crc32c(trailer, ArchiveFormat.T_CRC));
        out.writeUndigested(trailer.clear());
        channel.force(true);
        channel.close();
        FileMoves.intoPlace(temp, target);
        committed = true;
        return new ArchiveIdentity(trailerStart + ArchiveFormat.TRAILER_SIZE, digest, feature,
                image ? ArchiveFormat.FLAG_IMAGE : 0);
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** A NAMES row before it is written: its hash computed once, not once per comparison. */
    private record NameRow(String name, int hash, List<HitSpec> hits) {
    }

    /** Names by (signed hash, UTF-8 bytes); the bytes are only needed where two hashes are equal. */
    private List<NameRow> sortedNames() {
        List<NameRow> sorted = new ArrayList<>(names.size());
        for (Map.Entry<String, List<HitSpec>> name : names.entrySet()) {
            sorted.add(new NameRow(name.getKey(), ArchiveFormat.nameHash(name.getKey()), name.getValue()));
        }
        sorted.sort((a, b) -> a.hash() != b.hash() ? Integer.compare(a.hash(), b.hash())
                : Arrays.compareUnsigned(a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8)));
        return sorted;
    }

    /**
     * Appends {@code hit} to the HITS table and returns its row. A name's hits are always appended
     * (a name's rows must be contiguous); an origin's manifest or a native reuses a row if one exists.
     */
    private int appendHit(ByteArrayOutputStream hits, Map<HitSpec, Integer> index, HitSpec hit, boolean always) {
        Integer existing = index.get(hit);
        if (existing != null && !always) {
            return existing;
        }
        int row = hits.size() / 48;
        ByteBuffer record = record(ArchiveFormat.SECTION_HITS);
        Blob blob = hit.blob();
        record.putInt(ArchiveFormat.HT_ORIGIN, hit.origin());
        record.putInt(ArchiveFormat.HT_SIGNERS, hit.signerSet());
        record.putLong(ArchiveFormat.HT_DATA_OFFSET, blob.offset());
        record.putInt(ArchiveFormat.HT_STORED_LENGTH, blob.storedLength());
        record.putInt(ArchiveFormat.HT_RAW_LENGTH, blob.rawLength());
        record.putLong(ArchiveFormat.HT_XXHASH64, blob.xxhash64());
        record.putInt(ArchiveFormat.HT_CRC32C, blob.crc32c());
        record.put(ArchiveFormat.HT_CODEC, (byte) blob.codec());
        record.put(ArchiveFormat.HT_KIND, (byte) hit.kind().code());
        record.putLong(ArchiveFormat.HT_LAST_MODIFIED, hit.lastModified());
        hits.writeBytes(record.array());
        index.putIfAbsent(hit, row);
        return row;
    }

    private static ByteBuffer record(int section) {
        return ByteBuffer.allocate(ArchiveFormat.RECORD_SIZE[section]).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer header(int feature, boolean image, long createdMillis, long filesEnd) {
        ByteBuffer header = ByteBuffer.allocate(ArchiveFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ArchiveFormat.H_MAGIC, ArchiveFormat.headerMagic());
        header.putShort(ArchiveFormat.H_VERSION, (short) ArchiveFormat.VERSION);
        header.putShort(ArchiveFormat.H_FLAGS, (short) (image ? ArchiveFormat.FLAG_IMAGE : 0));
        header.putInt(ArchiveFormat.H_FEATURE, feature);
        header.putLong(ArchiveFormat.H_CREATED, createdMillis);
        header.putLong(ArchiveFormat.H_FILES_END, filesEnd);
        header.putInt(ArchiveFormat.H_CRC, crc32c(header, ArchiveFormat.H_CRC));
        return header.clear();
    }

    private static int crc32c(ByteBuffer buffer, int length) {
        return EntryCodec.crc32c(buffer.duplicate().position(0).limit(length));
    }

    private void checkSize() throws ArchiveException {
        if (out.position() > Integer.MAX_VALUE - ArchiveFormat.TRAILER_SIZE) {
            throw new ArchiveException(target + ": archive would exceed the format's 2 GiB limit");
        }
    }

    /** A SOURCES row waiting for commit. */
    private record SourceRow(String path, int kind, long size, long mtimeNanos, byte[] sha256) {
    }

    /** A NATIVES row waiting for commit; {@code needed} already NUL-joined. */
    private record NativeRow(String fileName, String soname, String originalPath, String needed, HitSpec hit,
                             int source, int loadOrder, int flags) {
    }

    /** The byte pool: UTF-8 strings and blobs, each stored once, referenced as (u32 offset, u32 length). */
    private static final class Pool {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Map<String, Integer> strings = new HashMap<>();

        void ref(ByteBuffer record, int at, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int offset = strings.computeIfAbsent(value, v -> append(utf8));
            record.putInt(at, offset);
            record.putInt(at + 4, utf8.length);
        }

        void ref(ByteBuffer record, int at, byte[] blob) {
            record.putInt(at, append(blob));
            record.putInt(at + 4, blob.length);
        }

        private int append(byte[] data) {
            int offset = bytes.size();
            bytes.writeBytes(data);
            return offset;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
