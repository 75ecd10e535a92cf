package io.fanload.server.agent;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The chunk a receiver is taking in from its parent: each part is written into the local copy at
 * its offset as it arrives (nothing is gathered in heap) and added to the chunk's CRC32C; at the
 * end the CRC is compared with the one its header announced. One per connection to a parent, on
 * that connection's event loop; the data-path warm-up runs the same class.
 */
final class IncomingChunk {

    private final LocalCopy copy;
    private final CRC32C crc = new CRC32C();
    private int index = -1;
    private int announcedCrc;
    private long writeAt;

    IncomingChunk(LocalCopy copy) {
        this.copy = copy;
    }

    /** Chunk {@code index}, whose bytes start at {@code offset} and whose header announced {@code crc32c}. */
    void begin(int index, long offset, int crc32c) {
        this.index = index;
        this.announcedCrc = crc32c;
        this.writeAt = offset;
        crc.reset();
    }

    /** Whether a chunk has begun and not ended: data outside one is a protocol violation. */
    boolean open() {
        return index >= 0;
    }

    int index() {
        return index;
    }

    int announcedCrc() {
        return announcedCrc;
    }

    /** Where the next byte goes: after the last part, the chunk's end. */
    long writeAt() {
        return writeAt;
    }

    /** Writes one part at its offset and adds it to the CRC. */
    void write(ByteBuf data) throws IOException {
        copy.write(writeAt, data);
        for (ByteBuffer b : data.nioBuffers()) {
            crc.update(b);
        }
        writeAt += data.readableBytes();
    }

    /** Ends the chunk: whether its bytes match the CRC32C its header announced. */
    boolean end() {
        index = -1;
        return (int) crc.getValue() == announcedCrc;
    }
}
