package io.fanload.writer.source;

import io.fanload.hooks.archive.ArchiveFormat;

import java.util.OptionalInt;

/**
 * A class-path element that does not exist. The JVM skips such elements silently, and so does the
 * archive: it keeps the element (so origin numbers match the class path) with nothing in it.
 */
public final class MissingSource implements ClassPathSource {

    private final String path;

    public MissingSource(String path) {
        this.path = path;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int originKind() {
        return path.endsWith("/") ? ArchiveFormat.ORIGIN_DIRECTORY : ArchiveFormat.ORIGIN_JAR;
    }

    @Override
    public boolean multiRelease() {
        return false;
    }

    @Override
    public SourceEntry find(String name, OptionalInt expectedCrc32c) throws BuildException {
        if (expectedCrc32c.isPresent()) {
            throw new BuildException(path + ": the pilot loaded " + name + " from it, but it does not exist now");
        }
        return null;
    }

    @Override
    public SourceEntry manifest() {
        return null;
    }

    @Override
    public void close() {
    }
}
