package io.fanload.hooks.archive;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Header and trailer validation, shared by the mapping reader and {@link ArchiveIdentity}. */
final class FormatChecks {

    private FormatChecks() {
    }

    /** Checks the 64-byte header at {@code base} of {@code buffer} (little-endian). */
    static void checkHeader(Path file, ByteBuffer buffer, int base) throws ArchiveException {
        if (!magicAt(buffer, base, ArchiveFormat.HEADER_MAGIC)) {
            throw new ArchiveException(file + ": not a fanload archive (wrong magic)");
        }
        int version = Short.toUnsignedInt(buffer.getShort(base + ArchiveFormat.H_VERSION));
        if (crc32c(buffer, base, base + ArchiveFormat.H_CRC) != buffer.getInt(base + ArchiveFormat.H_CRC)) {
            throw new ArchiveException(file + ": header checksum mismatch (corrupt header)");
        }
        if (version > ArchiveFormat.VERSION) {
            throw new ArchiveException(file + ": archive format version " + version
                    + " is newer than this fanload reads (" + ArchiveFormat.VERSION + "); upgrade fanload");
        }
        if (version < 1) {
            throw new ArchiveException(file + ": invalid archive format version " + version);
        }
        if (version < ArchiveFormat.VERSION) {
            throw new ArchiveException(file + ": archive format version " + version + " was made by an older fanload;"
                    + " this one reads version " + ArchiveFormat.VERSION + " (class-path copies): run the pilot again");
        }
        int flags = Short.toUnsignedInt(buffer.getShort(base + ArchiveFormat.H_FLAGS));
        if ((flags & ~ArchiveFormat.KNOWN_FLAGS) != 0) {
            throw new ArchiveException(file + ": unknown header flags 0x" + Integer.toHexString(flags));
        }
        if (!zero(buffer, base + ArchiveFormat.H_RESERVED, base + ArchiveFormat.H_CRC)) {
            throw new ArchiveException(file + ": reserved header bytes are not zero");
        }
    }

    /** Checks the 256-byte trailer at {@code base}, for a file of {@code fileSize} bytes. */
    static void checkTrailer(Path file, ByteBuffer buffer, int base, long fileSize) throws ArchiveException {
        if (!magicAt(buffer, base, ArchiveFormat.TRAILER_MAGIC)) {
            throw new ArchiveException(file + ": no archive trailer (truncated or incomplete file)");
        }
        if (crc32c(buffer, base, base + ArchiveFormat.T_CRC) != buffer.getInt(base + ArchiveFormat.T_CRC)) {
            throw new ArchiveException(file + ": trailer checksum mismatch (corrupt trailer)");
        }
        long total = buffer.getLong(base + ArchiveFormat.T_TOTAL_SIZE);
        if (total != fileSize) {
            throw new ArchiveException(file + ": file is " + fileSize + " bytes but the trailer says " + total
                    + " (truncated or appended to)");
        }
        if (!zero(buffer, base + ArchiveFormat.T_RESERVED, base + ArchiveFormat.T_CRC)) {
            throw new ArchiveException(file + ": reserved trailer bytes are not zero");
        }
    }

    static int crc32c(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }

    private static boolean magicAt(ByteBuffer buffer, int base, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (buffer.get(base + i) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean zero(ByteBuffer buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
