package io.fanload.writer.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The DT_SONAME and DT_NEEDED entries of an ELF shared object (32- or 64-bit, either byte order),
 * read from its SHT_DYNAMIC section and the string table that section links to. A file that is not
 * ELF, or has no section headers, yields no soname and no dependencies.
 */
public record ElfInfo(String soname, List<String> needed) {

    private static final int SHT_DYNAMIC = 6;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_SONAME = 14;

    public static final ElfInfo NONE = new ElfInfo("", List.of());

    public static ElfInfo parse(byte[] file) {
        try {
            return parseOrThrow(ByteBuffer.wrap(file));
        } catch (RuntimeException e) {
            return NONE; // truncated or odd ELF: we store the bytes; only the metadata is unknown
        }
    }

    private static ElfInfo parseOrThrow(ByteBuffer elf) {
        if (elf.limit() < 52 || elf.getInt(0) != 0x7F454C46) {
            return NONE;
        }
        boolean is64 = elf.get(4) == 2;
        elf.order(elf.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = is64 ? elf.getLong(0x28) : Integer.toUnsignedLong(elf.getInt(0x20));
        int shentsize = Short.toUnsignedInt(elf.getShort(is64 ? 0x3A : 0x2E));
        int shnum = Short.toUnsignedInt(elf.getShort(is64 ? 0x3C : 0x30));
        if (shoff == 0 || shnum == 0) {
            return NONE;
        }
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (elf.getInt(sh + 4) != SHT_DYNAMIC) {
                continue;
            }
            long offset = is64 ? elf.getLong(sh + 0x18) : Integer.toUnsignedLong(elf.getInt(sh + 0x10));
            long size = is64 ? elf.getLong(sh + 0x20) : Integer.toUnsignedLong(elf.getInt(sh + 0x14));
            int link = elf.getInt(sh + (is64 ? 0x28 : 0x18));
            int str = Math.toIntExact(shoff + (long) link * shentsize);
            long strOffset = is64 ? elf.getLong(str + 0x18) : Integer.toUnsignedLong(elf.getInt(str + 0x10));
            int entrySize = is64 ? 16 : 8;
            String soname = "";
            List<String> needed = new ArrayList<>();
            for (long at = offset; at + entrySize <= offset + size; at += entrySize) {
                int p = Math.toIntExact(at);
                long tag = is64 ? elf.getLong(p) : elf.getInt(p);
                long value = is64 ? elf.getLong(p + 8) : Integer.toUnsignedLong(elf.getInt(p + 4));
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_NEEDED) {
                    needed.add(cString(elf, Math.toIntExact(strOffset + value)));
                } else if (tag == DT_SONAME) {
                    soname = cString(elf, Math.toIntExact(strOffset + value));
                }
            }
            return new ElfInfo(soname, List.copyOf(needed));
        }
        return NONE;
    }

    private static String cString(ByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        elf.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
