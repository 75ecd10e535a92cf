package io.fanload.hooks.archive;

/** What a stored entry is to a class loader. The codes are part of the archive format (FORMAT.md). */
public enum EntryKind {
    /** A class file, asked for as {@code com/x/Y.class}. */
    CLASS(1),
    /** Any other resource, including manifests and service files. */
    RESOURCE(2),
    /** A directory entry of a jar or class-path folder; its content is empty. */
    DIRECTORY(3),
    /** A shared object for {@code System.loadLibrary}, {@code System.load} or DT_NEEDED. */
    NATIVE(4);

    private final int code;

    EntryKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The kind for a format code, or {@code null} for a code this version does not define. */
    public static EntryKind ofCode(int code) {
        for (EntryKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
