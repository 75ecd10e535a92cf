package io.fanload.hooks.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The table of whole files at the start of a v2 archive (docs/FORMAT.md section 6): every jar of
 * the class path and every file the pilot read from a class-path folder, byte for byte. It comes
 * first so that a node agent can write the files into the node-local folder while the rest of the
 * archive is still arriving; the contents follow the table back to back, in table order.
 */
public final class WholeFileTable {

    /**
     * One carried file: its original absolute path, size, mtime, the CRC32C of its content (checked
     * when a node writes its copy), and where its bytes start in the archive.
     */
    public record WholeFile(String path, long size, long mtimeNanos, int crc32c, long offset) {
    }

    /**
     * The table: the carried files, and the <i>neighbour links</i> — original paths next to the class
     * path (a jar's siblings, its home's {@code conf/}) that a node makes visible in its copy tree as
     * symbolic links to the originals, so that an application that finds its home from its jar still
     * finds what it keeps there (read from the shared file system, as without fanload).
     */
    public record Table(List<WholeFile> files, List<String> links) {
    }

    private WholeFileTable() {
    }

    /** The encoded table for {@code files} (offsets are ignored: they follow from the order and sizes). */
    public static byte[] encode(List<WholeFile> files) {
        return encode(files, List.of());
    }

    /** The encoded table for {@code files} and neighbour {@code links}. */
    public static byte[] encode(List<WholeFile> files, List<String> links) {
        int length = ArchiveFormat.WF_ROWS;
        List<byte[]> paths = new ArrayList<>(files.size());
        for (WholeFile file : files) {
            byte[] path = file.path().getBytes(StandardCharsets.UTF_8);
            paths.add(path);
            length += ArchiveFormat.WF_ROW_FIXED + path.length;
        }
        List<byte[]> linkPaths = new ArrayList<>(links.size());
        length += 4;
        for (String link : links) {
            byte[] path = link.getBytes(StandardCharsets.UTF_8);
            linkPaths.add(path);
            length += 4 + path.length;
        }
        length = (length + 7) / 8 * 8 + 8;
        ByteBuffer table = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        table.putInt(files.size()).putInt(length);
        for (int i = 0; i < files.size(); i++) {
            table.putLong(files.get(i).size()).putLong(files.get(i).mtimeNanos()).putInt(files.get(i).crc32c())
                    .putInt(paths.get(i).length).put(paths.get(i));
        }
        table.putInt(links.size());
        for (byte[] link : linkPaths) {
            table.putInt(link.length).put(link);
        }
        CRC32C crc = new CRC32C();
        crc.update(table.array(), 0, length - 8);
        table.putInt(length - 8, (int) crc.getValue());
        return table.array();
    }

    /** The table's length from its first 8 bytes (little-endian), before the rest has arrived. */
    public static int tableLength(ByteBuffer head) {
        return head.order(ByteOrder.LITTLE_ENDIAN).getInt(head.position() + ArchiveFormat.WF_TABLE_LENGTH);
    }

    /**
     * Parses the table in {@code table} (its remaining bytes, starting at archive offset
     * {@link ArchiveFormat#HEADER_SIZE}) and checks it against {@code filesEnd}, the header's end of
     * the whole-file part. Paths must be absolute and free of {@code .} and {@code ..} segments:
     * a node agent writes each file under its node-local folder at that path.
     */
    public static List<WholeFile> parse(String what, ByteBuffer table, long filesEnd) throws ArchiveException {
        return parseTable(what, table, filesEnd).files();
    }

    /**
     * As {@link #parse}, with the neighbour links. A link must be a plain absolute path that is not a
     * carried file and not a folder above one: a node writes the files before it makes the links, and
     * never writes through a link.
     */
    public static Table parseTable(String what, ByteBuffer table, long filesEnd) throws ArchiveException {
        ByteBuffer b = table.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (filesEnd == ArchiveFormat.HEADER_SIZE) {
            return new Table(List.of(), List.of());
        }
        if (b.remaining() < 16) {
            throw new ArchiveException(what + ": whole-file table is cut short");
        }
        int count = b.getInt(ArchiveFormat.WF_COUNT);
        int length = b.getInt(ArchiveFormat.WF_TABLE_LENGTH);
        if (length < 16 || length % 8 != 0 || length > b.remaining() || count < 0
                || count > (length - 16) / ArchiveFormat.WF_ROW_FIXED) {
            throw new ArchiveException(what + ": whole-file table header is invalid (" + count + " files, " + length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(0).limit(length - 8));
        if ((int) crc.getValue() != b.getInt(length - 8) || b.getInt(length - 4) != 0) {
            throw new ArchiveException(what + ": whole-file table checksum mismatch (corrupt table)");
        }
        List<WholeFile> files = new ArrayList<>(count);
        int at = ArchiveFormat.WF_ROWS;
        long offset = ArchiveFormat.HEADER_SIZE + (long) length;
        for (int i = 0; i < count; i++) {
            if (at + ArchiveFormat.WF_ROW_FIXED > length - 8) {
                throw new ArchiveException(what + ": whole-file table row " + i + " lies outside the table");
            }
            long size = b.getLong(at);
            long mtime = b.getLong(at + 8);
            int crc32c = b.getInt(at + 16);
            int pathLength = b.getInt(at + 20);
            if (size < 0 || pathLength <= 0 || at + ArchiveFormat.WF_ROW_FIXED + pathLength > length - 8) {
                throw new ArchiveException(what + ": whole-file table row " + i + " is invalid");
            }
            byte[] path = new byte[pathLength];
            b.get(at + ArchiveFormat.WF_ROW_FIXED, path);
            String text = new String(path, StandardCharsets.UTF_8);
            if (!safePath(text)) {
                throw new ArchiveException(what + ": whole-file path '" + text + "' is not a plain absolute path");
            }
            files.add(new WholeFile(text, size, mtime, crc32c, offset));
            offset += size;
            if (offset > filesEnd || offset < 0) {
                throw new ArchiveException(what + ": whole files run past the end of their part");
            }
            at += ArchiveFormat.WF_ROW_FIXED + pathLength;
        }
        if (offset != filesEnd) {
            throw new ArchiveException(what + ": whole files end at " + offset + ", the header says " + filesEnd);
        }
        return new Table(files, links(what, b, at, length - 8, files));
    }

    private static List<String> links(String what, ByteBuffer b, int at, int end, List<WholeFile> files)
            throws ArchiveException {
        if (at + 4 > end) {
            throw new ArchiveException(what + ": whole-file table has no link count");
        }
        int count = b.getInt(at);
        at += 4;
        if (count < 0 || count > (end - at) / 5) {
            throw new ArchiveException(what + ": whole-file table's link count " + count + " is invalid");
        }
        Set<String> carried = new HashSet<>();
        for (WholeFile file : files) {
            for (String path = file.path(); !path.isEmpty(); path = path.substring(0, path.lastIndexOf('/'))) {
                carried.add(path); // the file and every folder above it
            }
        }
        List<String> links = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = at + 4 <= end ? b.getInt(at) : -1;
            if (length <= 0 || at + 4 + length > end) {
                throw new ArchiveException(what + ": whole-file table link " + i + " is invalid");
            }
            byte[] path = new byte[length];
            b.get(at + 4, path);
            String text = new String(path, StandardCharsets.UTF_8);
            if (!safePath(text) || carried.contains(text)) {
                throw new ArchiveException(what + ": neighbour link '" + text + "' is not a plain absolute path beside the copies");
            }
            links.add(text);
            at += 4 + length;
        }
        return links;
    }

    /** Absolute, no empty, {@code .} or {@code ..} segment, no NUL: it cannot leave the folder it is put under. */
    static boolean safePath(String path) {
        if (!path.startsWith("/") || path.indexOf('\0') >= 0 || path.length() == 1) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
