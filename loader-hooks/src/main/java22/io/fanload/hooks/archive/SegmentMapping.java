package io.fanload.hooks.archive;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The JDK 22+ archive mapping (see {@link ArchiveMapping} for why and for the measurements): the
 * segment's automatic arena unmaps it when nothing, including the buffer views, reaches it.
 * Compiled for release 22 into loader-hooks' ordinary class folder, and loaded only on JDK 22+.
 */
final class SegmentMapping implements ArchiveMapping.Mapper {

    static {
        ArchiveMapping.install(new SegmentMapping());
    }

    private SegmentMapping() {
    }

    @Override
    public ByteBuffer map(FileChannel channel, long size) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto()).asByteBuffer();
    }
}
