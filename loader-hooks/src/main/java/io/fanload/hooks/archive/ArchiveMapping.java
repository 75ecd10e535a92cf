package io.fanload.hooks.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps a whole archive read-only. On JDK 25, {@code FileChannel.map(mode, position, size)} costs
 * 34–42 ms in a fresh JVM (the JDK builds the buffer through a reflective constructor), mapping
 * through a MemorySegment 12–20 ms (1.7 MB image, 5 fresh JVMs each, 2026-11-22) — paid by every
 * rank at start. So on JDK 22+ the mapping is {@link SegmentMapping}'s, a class compiled for 22 from
 * {@code src/main/java22} when fanload is built on JDK 22 or later, and absent from a JDK 17 build.
 *
 * <p>It is a class of its own name, not a multi-release version of this one: ranks load loader-hooks
 * from the boot class path ({@code RankJvmOptions.loaderPath}), and the boot loader does not read a
 * jar's {@code META-INF/versions}. It is looked up by name and installs itself from its initialiser:
 * a reflective constructor call would spin method handles on JDK 25 and lose what it gains.
 */
final class ArchiveMapping {

    /** How a JDK 22+ build maps; {@link SegmentMapping} installs one. */
    interface Mapper {
        ByteBuffer map(FileChannel channel, long size) throws IOException;
    }

    private static final String SEGMENT_MAPPING = "io.fanload.hooks.archive.SegmentMapping";
    private static final int FIRST_FEATURE_WITH_SEGMENTS = 22;

    private static volatile Mapper segments;
    private static volatile boolean looked;

    private ArchiveMapping() {
    }

    static ByteBuffer map(FileChannel channel, long size) throws IOException {
        Mapper mapper = segmentMapper();
        return mapper != null ? mapper.map(channel, size) : channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    /** Called by {@link SegmentMapping}'s initialiser. */
    static void install(Mapper mapper) {
        segments = mapper;
    }

    /** The JDK 22+ mapper, or null on JDK 17–21 and in a build made on JDK 17. */
    static Mapper segmentMapper() {
        if (!looked) {
            if (Runtime.version().feature() >= FIRST_FEATURE_WITH_SEGMENTS) {
                try {
                    Class.forName(SEGMENT_MAPPING, true, ArchiveMapping.class.getClassLoader());
                } catch (ClassNotFoundException builtOnJdk17) {
                    // FileChannel.map it is; launch warns about such a build (HooksBuild)
                }
            }
            looked = true;
        }
        return segments;
    }
}
