package io.fanload.hooks.archive;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * JDK 22+ version of the archive mapping (see the JDK 17 version for the measurements): the
 * segment's automatic arena unmaps it when nothing, including the buffer views, reaches it.
 */
final class ArchiveMapping {

    private ArchiveMapping() {
    }

    static ByteBuffer map(FileChannel channel, long size) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto()).asByteBuffer();
    }
}
