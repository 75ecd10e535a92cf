package io.fanload.hooks.image;

import java.nio.file.Path;

/**
 * Paths inside one node-local image folder (default {@code /dev/shm/fanload-<job>-<step>/}).
 *
 * <pre>
 *   archive.fanload   the archive as received (LZ4 entries); served on to late or resuming children
 *   image.fanload     the same content with every entry raw (header flag IMAGE); ranks map it
 *   lib/              every native of the archive as a real file (dlopen needs one), plus a link
 *                     per DT_SONAME; ranks get it as java.library.path and LD_LIBRARY_PATH
 *   cp/               the class path as files: every carried file at its original absolute path
 *                     under cp/ (cp/home/u/app/lib/a.jar), same bytes and mtime
 *   tmp/              java.io.tmpdir for ranks (self-extracting JNI libraries write here)
 *   READY             written last, atomically: the image's SHA-256 in hex; ranks wait for it
 * </pre>
 */
public record NodeImageLayout(Path root) {

    public Path archive() {
        return root.resolve("archive.fanload");
    }

    public Path image() {
        return root.resolve("image.fanload");
    }

    public Path libraries() {
        return root.resolve("lib");
    }

    public Path classPathCopies() {
        return root.resolve("cp");
    }

    /**
     * The node-local copy of the class-path file or folder {@code originalPath} (absolute). Mirroring
     * the original tree keeps relative paths between elements (a manifest's {@code Class-Path}, an
     * application home found from its jar) pointing at copies.
     */
    public String copyOf(String originalPath) {
        return root.toAbsolutePath().toString().concat("/cp").concat(originalPath);
    }

    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path readyMarker() {
        return root.resolve("READY");
    }
}
