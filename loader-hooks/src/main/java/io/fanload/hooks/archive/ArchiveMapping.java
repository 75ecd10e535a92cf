package io.fanload.hooks.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps a whole archive read-only. This is the JDK 17 version; loader-hooks' jar carries a JDK 22+
 * version (META-INF/versions/22, from src/main/java22) that maps through a MemorySegment: on
 * JDK 25, {@code FileChannel.map(mode, position, size)} costs 43–58 ms in a fresh JVM (the JDK
 * builds the buffer through a reflective constructor), the Arena variant 25–35 ms (10 MB file,
 * 5 fresh JVMs each, 2026-11-21) — paid by every rank at start. Called reflectively, the Arena
 * variant loses the gain, hence a class compiled for 22.
 */
final class ArchiveMapping {

    private ArchiveMapping() {
    }

    static ByteBuffer map(FileChannel channel, long size) throws IOException {
        return channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }
}
