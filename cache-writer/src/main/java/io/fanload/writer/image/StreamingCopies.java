package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.WholeFileTable;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the class-path copies while an archive arrives: fed the archive's bytes in order, it reads
 * the header and the whole-file table, then writes each file's bytes into its node-local copy as
 * they pass. No second pass over the data after the last byte. The bytes are not yet proven by
 * the archive's digest when written: ranks use the copies only after READY, which the node writes
 * after the digest matched. Any problem only stops the streaming: {@link ClassPathCopies#ensure}
 * writes what is missing, or refuses the archive with a proper message. Not thread-safe.
 */
public final class StreamingCopies {

    private static final System.Logger LOG = System.getLogger(StreamingCopies.class.getName());
    /** A table larger than this is not held while streaming (ensure still writes the files). */
    private static final int MAX_TABLE = 64 << 20;

    private final NodeImageLayout layout;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private List<WholeFile> files;
    private long filesEnd = -1;
    private int current;
    private FileChannel out;
    private final CRC32C crc = new CRC32C();
    private boolean stopped;

    public StreamingCopies(NodeImageLayout layout) {
        this.layout = layout;
    }

    /** The next bytes of the archive, which start at {@code offset} (contiguous with the last call). */
    public void accept(long offset, ByteBuffer bytes) {
        if (stopped) {
            return;
        }
        try {
            if (files != null) {
                write(offset, bytes.duplicate());
                return;
            }
            if (offset != head.size()) {
                throw new ArchiveException("bytes arrived out of order");
            }
            ByteBuffer piece = bytes.duplicate();
            byte[] part = new byte[piece.remaining()];
            piece.get(part);
            head.write(part, 0, part.length);
            parseHead();
        } catch (IOException | RuntimeException e) {
            stop("stopped writing class-path copies while receiving: " + e.getMessage());
        }
    }

    /** Once the header and the table have arrived: parse the table, write what file bytes came with them. */
    private void parseHead() throws IOException {
        if (head.size() < ArchiveFormat.HEADER_SIZE + 8) {
            return;
        }
        ByteBuffer h = ByteBuffer.wrap(head.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        filesEnd = h.getLong(ArchiveFormat.H_FILES_END);
        if (filesEnd == ArchiveFormat.HEADER_SIZE) {
            stop(null);
            return;
        }
        int length = h.getInt(ArchiveFormat.HEADER_SIZE + ArchiveFormat.WF_TABLE_LENGTH);
        if (length < 16 || length > MAX_TABLE || ArchiveFormat.HEADER_SIZE + (long) length > filesEnd) {
            throw new ArchiveException("whole-file table of " + length + " bytes is not held while streaming");
        }
        if (h.capacity() < ArchiveFormat.HEADER_SIZE + length) {
            return;
        }
        files = WholeFileTable.parse("received archive", h.duplicate().position(ArchiveFormat.HEADER_SIZE), filesEnd);
        head.reset();
        write(0, h);
    }

    private void write(long offset, ByteBuffer bytes) throws IOException {
        long position = offset;
        while (bytes.hasRemaining() && current < files.size()) {
            WholeFile file = files.get(current);
            long end = file.offset() + file.size();
            if (position + bytes.remaining() <= file.offset()) {
                return; // still in the table
            }
            if (position < file.offset()) {
                bytes.position(bytes.position() + (int) (file.offset() - position));
                position = file.offset();
            }
            Path local = Path.of(layout.copyOf(file.path()));
            if (out == null) {
                out = ClassPathCopies.open(local);
                crc.reset();
            }
            int n = (int) Math.min(bytes.remaining(), end - position);
            ByteBuffer slice = bytes.duplicate().limit(bytes.position() + n);
            crc.update(slice.duplicate());
            while (slice.hasRemaining()) {
                out.write(slice, position - file.offset() + (slice.position() - bytes.position()));
            }
            bytes.position(bytes.position() + n);
            position += n;
            if (position == end) {
                out.close();
                out = null;
                if ((int) crc.getValue() != file.crc32c()) {
                    throw new ArchiveException(file.path() + ": received bytes failed their CRC32C check");
                }
                ClassPathCopies.finish(local, file); // only a checked copy gets its mtime: ensure() trusts it
                current++;
            }
        }
        if (current == files.size()) {
            stop(null);
        }
    }

    private void stop(String why) {
        stopped = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the copy is incomplete either way; ensure() rewrites it
            }
            out = null;
        }
        if (why != null) {
            LOG.log(System.Logger.Level.WARNING, "fanload: " + layout.root() + ": " + why);
        }
    }

    /** True once it wants no more bytes: every carried file written, none to write, or stopped by a problem. */
    public boolean finished() {
        return stopped;
    }

    /** True once every carried file was written (or there was none). */
    public boolean done() {
        return stopped && files != null ? current == files.size() : stopped && filesEnd == ArchiveFormat.HEADER_SIZE;
    }
}
