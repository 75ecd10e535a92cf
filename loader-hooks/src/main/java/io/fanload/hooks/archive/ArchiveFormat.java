package io.fanload.hooks.archive;

/**
 * The numbers of archive format v2 (docs/FORMAT.md): magic values, fixed sizes, field offsets and
 * record layouts. All integers are little-endian. Offsets named {@code H_*} are within the header,
 * {@code T_*} within the trailer, and the others within one record of the section they name.
 */
public final class ArchiveFormat {

    public static final int VERSION = 2;

    /** Like PNG's signature: a high byte, CR LF and ^Z catch transfers that mangle text or bytes. */
    static final byte[] HEADER_MAGIC = {(byte) 0x89, 'F', 'N', 'L', '\r', '\n', 0x1A, '\n'};
    static final byte[] TRAILER_MAGIC = {(byte) 0x89, 'F', 'N', 'T', '\r', '\n', 0x1A, '\n'};

    public static final int HEADER_SIZE = 64;
    public static final int TRAILER_SIZE = 256;

    /** Header flag: every entry is stored raw (codec 0) — a node-local image that ranks map. */
    public static final int FLAG_IMAGE = 1;
    public static final int KNOWN_FLAGS = FLAG_IMAGE;

    public static final int H_MAGIC = 0;
    public static final int H_VERSION = 8;
    public static final int H_FLAGS = 10;
    public static final int H_FEATURE = 12;
    public static final int H_CREATED = 16;
    /** u64: end of the whole-file part {@code [HEADER_SIZE, filesEnd)}; entries follow it. */
    public static final int H_FILES_END = 24;
    public static final int H_RESERVED = 32;
    public static final int H_CRC = 60;

    public static final int T_MAGIC = 0;
    public static final int T_TOTAL_SIZE = 8;
    public static final int T_DATA_END = 16;
    public static final int T_SECTION_COUNT = 24;
    public static final int T_METADATA_CRC = 28;
    public static final int T_SECTIONS = 32;
    public static final int T_SHA256 = 160;
    public static final int T_RESERVED = 192;
    public static final int T_CRC = 252;

    /** Section numbers: their order in the section table and in the file. */
    public static final int SECTION_POOL = 0;
    public static final int SECTION_ORIGINS = 1;
    public static final int SECTION_SIGNERS = 2;
    public static final int SECTION_SOURCES = 3;
    public static final int SECTION_NAMES = 4;
    public static final int SECTION_HITS = 5;
    public static final int SECTION_NATIVES = 6;
    public static final int SECTION_PROVENANCE = 7;
    public static final int SECTION_COUNT = 8;
    /** Record size of each section; the pool (0) is bytes, not records. */
    public static final int[] RECORD_SIZE = {1, 32, 8, 64, 24, 48, 48, 16};

    /** 0xFFFFFFFF in an index field: no such row. */
    public static final int NONE = -1;

    public static final int CODEC_RAW = 0;
    public static final int CODEC_LZ4_BLOCK = 1;

    public static final int ORIGIN_JAR = 1;
    public static final int ORIGIN_DIRECTORY = 2;
    public static final int ORIGIN_FLAG_MULTI_RELEASE = 1;
    /** A folder's listing stopped at {@link #LISTING_LIMIT} names: a miss in it may exist after all. */
    public static final int ORIGIN_FLAG_LISTING_PARTIAL = 2;
    /** At most this many names are listed per class-path folder (a job folder on -cp may hold millions). */
    public static final int LISTING_LIMIT = 200_000;

    public static final int SOURCE_JAR = 1;
    public static final int SOURCE_DIRECTORY_FILE = 2;
    public static final int SOURCE_SHARED_OBJECT = 3;
    /** A file of the JDK the ranks run, carried whole (launch --runtime; docs/FORMAT.md section 5.4). */
    public static final int SOURCE_RUNTIME = 4;

    /** Provenance: the JDK folder (java.home, as the pilot ranks saw it) whose files the archive carries. */
    public static final String PROVENANCE_RUNTIME_HOME = "runtime.home";
    /**
     * A JVM cache the pilot trained on the application's command (launch --jvm-cache; docs/FORMAT.md
     * section 5.5): made by the pilot, so it has no file to compare against at read-cache.
     */
    public static final int SOURCE_JVM_CACHE = 5;
    /** Provenance of the trained JVM cache: {@code aot} (JDK 25+ AOT cache) or {@code appcds} (dynamic AppCDS). */
    public static final String PROVENANCE_JVM_CACHE_KIND = "jvmcache.kind";
    /** Provenance: the carried path of the cache file (its node copy is under {@code cp/}). */
    public static final String PROVENANCE_JVM_CACHE_FILE = "jvmcache.file";
    /**
     * Provenance: the path the cache was trained at, a symbolic link to the node folder on every
     * node (the JVM checks the class path by path: training and serving name the same one).
     */
    public static final String PROVENANCE_JVM_CACHE_LINK = "jvmcache.link";
    /** Provenance: the training JDK's build ({@code java.vm.version os.arch}). */
    public static final String PROVENANCE_JVM_CACHE_JDK = "jvmcache.jdk";
    /** Provenance: the user's JVM options at training, separated by unit separators (U+001F). */
    public static final String PROVENANCE_JVM_CACHE_OPTIONS = "jvmcache.options";
    /** Provenance: whether the training ran the node copy of the carried runtime ({@code true}/{@code false}). */
    public static final String PROVENANCE_JVM_CACHE_RUNTIME = "jvmcache.runtime";
    /**
     * Provenance: the classes the training run loaded from the class path beyond the pilot's, binary
     * names separated by spaces (absent when none): what the JDK's verifier loaded to check the
     * classes it put into the cache, which a rank started with the cache loads again.
     */
    public static final String PROVENANCE_JVM_CACHE_CLASSES = "jvmcache.classes";

    public static final int NATIVE_BY_NAME = 1;
    public static final int NATIVE_BY_PATH = 2;
    public static final int NATIVE_MAPPED = 4;

    // ORIGINS record
    public static final int O_PATH = 0;
    public static final int O_KIND = 8;
    public static final int O_FLAGS = 9;
    public static final int O_SOURCE = 12;
    public static final int O_MANIFEST_HIT = 16;
    /** Pool reference: a folder's relative names, sorted, NUL-separated, folders ending in '/'. */
    public static final int O_LISTING = 24;
    // SOURCES record
    public static final int S_PATH = 0;
    public static final int S_SIZE = 8;
    public static final int S_MTIME_NANOS = 16;
    public static final int S_SHA256 = 24;
    public static final int S_KIND = 56;
    // NAMES record
    public static final int N_HASH = 0;
    public static final int N_NAME = 4;
    public static final int N_FIRST_HIT = 12;
    public static final int N_HIT_COUNT = 16;
    // HITS record
    public static final int HT_ORIGIN = 0;
    public static final int HT_SIGNERS = 4;
    public static final int HT_DATA_OFFSET = 8;
    public static final int HT_STORED_LENGTH = 16;
    public static final int HT_RAW_LENGTH = 20;
    public static final int HT_XXHASH64 = 24;
    public static final int HT_CRC32C = 32;
    public static final int HT_CODEC = 36;
    public static final int HT_KIND = 37;
    public static final int HT_LAST_MODIFIED = 40;
    // NATIVES record
    public static final int NT_FILE_NAME = 0;
    public static final int NT_SONAME = 8;
    public static final int NT_ORIGINAL_PATH = 16;
    public static final int NT_NEEDED = 24;
    public static final int NT_HIT = 32;
    public static final int NT_SOURCE = 36;
    public static final int NT_LOAD_ORDER = 40;
    public static final int NT_FLAGS = 44;
    // whole-file table at HEADER_SIZE: u32 count, u32 tableLength, rows, padding, u32 crc32c, u32 zero
    public static final int WF_COUNT = 0;
    public static final int WF_TABLE_LENGTH = 4;
    public static final int WF_ROWS = 8;
    /** Row: u64 size, i64 mtimeNanos, u32 crc32c of the content, u32 pathLength, then the path's UTF-8 bytes. */
    public static final int WF_ROW_FIXED = 24;
    // PROVENANCE record
    public static final int P_KEY = 0;
    public static final int P_VALUE = 8;

    private ArchiveFormat() {
    }

    public static byte[] headerMagic() {
        return HEADER_MAGIC.clone();
    }

    public static byte[] trailerMagic() {
        return TRAILER_MAGIC.clone();
    }

    /**
     * The name hash that orders the NAMES section: Java's {@code String.hashCode()} of the name,
     * computed over UTF-16 code units. A JVM caches it in every String, so a lookup hashes for free.
     */
    public static int nameHash(String name) {
        return name.hashCode();
    }
}
