package io.fanload.writer.source;

import java.io.Closeable;
import java.io.IOException;
import java.util.OptionalInt;

/** One class-path element, answering lookups the way the JDK's class path would. */
public interface ClassPathSource extends Closeable {

    /** The element's path as recorded. */
    String path();

    /** {@code ArchiveFormat.ORIGIN_JAR} or {@code ORIGIN_DIRECTORY}. */
    int originKind();

    boolean multiRelease();

    /**
     * What a JVM of the pilot's feature release gets for {@code name} here, or null if nothing.
     * When {@code expectedCrc32c} is present (what a pilot rank got), the entry with that content
     * is chosen among duplicates and versions; none matching is a {@link BuildException} (stale).
     */
    SourceEntry find(String name, OptionalInt expectedCrc32c) throws IOException;

    /** {@code META-INF/MANIFEST.MF} of a jar, or null. */
    SourceEntry manifest() throws IOException;
}
