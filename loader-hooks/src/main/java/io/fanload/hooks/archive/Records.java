package io.fanload.hooks.archive;

import java.util.List;

/** Value views of archive rows, for tools and tests; the serving hot path uses index accessors instead. */
public final class Records {
    private Records() {
    }

    /** A class-path element, in class-path order. {@code source} and {@code manifestHit} may be {@link ArchiveFormat#NONE}. */
    public record Origin(String path, int kind, boolean multiRelease, int source, int manifestHit) {
        public boolean isJar() {
            return kind == ArchiveFormat.ORIGIN_JAR;
        }
    }

    /** A file the archive's content came from, as it was when the archive was written. */
    public record Source(String path, long size, long mtimeNanos, byte[] sha256, int kind) {
    }

    /** One stored copy of a name's content in one origin. */
    public record Hit(int origin, int signerSet, long dataOffset, int storedLength, int rawLength,
                      long xxhash64, int crc32c, int codec, EntryKind kind, long lastModified) {
    }

    /** A shared object: its stored bytes are hit {@code hit}; {@code needed} is its DT_NEEDED list. */
    public record Native(String fileName, String soname, String originalPath, List<String> needed,
                         int hit, int source, int loadOrder, int flags) {
    }
}
