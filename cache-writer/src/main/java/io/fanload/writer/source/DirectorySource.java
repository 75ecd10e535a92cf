package io.fanload.writer.source;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.EntryKind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

/**
 * A folder on the class path. As with the JDK's file loader, a name is the relative path of a file
 * or folder under it; a name that would leave the folder is not found. Every file read
 * becomes a source of its own, so staleness is checked per file.
 */
public final class DirectorySource implements ClassPathSource {

    private final Path root;
    private final String path;
    private final SourceLimits limits;
    private final List<Path> filesRead = new ArrayList<>();

    public DirectorySource(Path root, String recordedPath, SourceLimits limits) {
        this.root = root;
        this.path = recordedPath;
        this.limits = limits;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int originKind() {
        return ArchiveFormat.ORIGIN_DIRECTORY;
    }

    @Override
    public boolean multiRelease() {
        return false;
    }

    @Override
    public SourceEntry manifest() {
        return null;
    }

    /** Files this source has read, for the archive's SOURCES table. */
    public List<Path> filesRead() {
        return filesRead;
    }

    @Override
    public SourceEntry find(String name, OptionalInt expectedCrc32c) throws IOException {
        Path file = resolve(name);
        if (file == null) {
            return null;
        }
        if (Files.isDirectory(file)) {
            return new SourceEntry(name, EntryKind.DIRECTORY, Files.getLastModifiedTime(file).toMillis(), new byte[0], null);
        }
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = BoundedRead.read(in, Files.size(file), -1, limits, file.toString());
        }
        if (expectedCrc32c.isPresent()) {
            CRC32C crc = new CRC32C();
            crc.update(content);
            if ((int) crc.getValue() != expectedCrc32c.getAsInt()) {
                throw new BuildException(file + ": differs from what the pilot loaded (changed since the pilot; run the pilot again)");
            }
        }
        filesRead.add(file);
        EntryKind kind = name.endsWith(".class") ? EntryKind.CLASS : EntryKind.RESOURCE;
        return new SourceEntry(name, kind, Files.getLastModifiedTime(file).toMillis(), content, null);
    }

    /**
     * The file for {@code name}, as the JDK's class-path folder loader finds it: the name is resolved
     * like a URL against the folder, so {@code /x} leaves it and is not found; {@code ..} segments
     * are allowed while the canonical file stays inside the folder; anything else outside is null.
     */
    private Path resolve(String name) throws IOException {
        if (name.startsWith("/") || name.indexOf('\0') >= 0) {
            return null;
        }
        Path file = name.isEmpty() ? root : root.resolve(name);
        if (!name.contains("..")) {
            return file;
        }
        Path base = root.toRealPath();
        if (!Files.exists(file)) {
            return file.normalize().startsWith(root.normalize()) ? file.normalize() : null;
        }
        Path real = file.toRealPath();
        return real.startsWith(base) ? real : null;
    }

    @Override
    public void close() {
    }
}
