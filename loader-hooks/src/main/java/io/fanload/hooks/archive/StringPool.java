package io.fanload.hooks.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The archive's string pool (FORMAT.md: the POOL section) inside a mapping: every name, path and
 * property value is a pool reference, a u32 offset and a u32 length, checked against the pool's
 * bounds on every use. Read-only, safe for concurrent use like {@link ArchiveReader}.
 */
final class StringPool {

    private final Path file;
    private final ByteBuffer map;
    private final int offset;
    private final int length;

    StringPool(Path file, ByteBuffer map, int offset, int length) {
        this.file = file;
        this.map = map;
        this.offset = offset;
        this.length = length;
    }

    /** Position in the mapping of the pool reference (u32 offset, u32 length) at {@code ref}, checked. */
    private int start(int ref) {
        long at = Integer.toUnsignedLong(map.getInt(ref));
        long size = Integer.toUnsignedLong(map.getInt(ref + 4));
        if (at + size > length) {
            throw new IllegalStateException(file + ": pool reference outside the pool");
        }
        return offset + (int) at;
    }

    byte[] bytes(int ref) {
        int start = start(ref);
        byte[] bytes = new byte[map.getInt(ref + 4)];
        map.get(start, bytes);
        return bytes;
    }

    String string(int ref) {
        return new String(bytes(ref), StandardCharsets.UTF_8);
    }

    /** Compares a pool string with {@code s} without allocating when both are ASCII (almost every name). */
    boolean matches(int ref, String s) {
        int start = start(ref);
        int size = map.getInt(ref + 4);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return string(ref).equals(s);
            }
            if (i >= size || map.get(start + i) != (byte) c) {
                return false;
            }
        }
        return size == n;
    }
}
