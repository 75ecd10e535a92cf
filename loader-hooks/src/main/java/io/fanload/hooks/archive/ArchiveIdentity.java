package io.fanload.hooks.archive;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * What a distributor needs to know about an archive before moving it: its size, its SHA-256 and
 * its JDK feature release, read with two small reads (header and trailer) and no mapping.
 */
public record ArchiveIdentity(long totalSize, byte[] sha256, int feature, int flags) {

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    public static ArchiveIdentity read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < ArchiveFormat.HEADER_SIZE + ArchiveFormat.TRAILER_SIZE) {
                throw new ArchiveException(file + ": too short to be a fanload archive (" + size + " bytes)");
            }
            ByteBuffer header = readAt(channel, 0, ArchiveFormat.HEADER_SIZE);
            ByteBuffer trailer = readAt(channel, size - ArchiveFormat.TRAILER_SIZE, ArchiveFormat.TRAILER_SIZE);
            FormatChecks.checkHeader(file, header, 0);
            FormatChecks.checkTrailer(file, trailer, 0, size);
            byte[] digest = new byte[32];
            trailer.get(ArchiveFormat.T_SHA256, digest);
            return new ArchiveIdentity(size, digest, header.getInt(ArchiveFormat.H_FEATURE),
                    Short.toUnsignedInt(header.getShort(ArchiveFormat.H_FLAGS)));
        }
    }

    /**
     * The {@code length} bytes at {@code position} of {@code channel}, little-endian: the header and
     * the trailer here, an archive's index where a node reads it ahead of its data.
     */
    public static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("the file ends at " + (position + buffer.position()) + " bytes, before "
                        + (position + length));
            }
        }
        return buffer.clear();
    }
}
