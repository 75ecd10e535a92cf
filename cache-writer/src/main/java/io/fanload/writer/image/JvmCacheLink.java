package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The path a trained JVM cache expects its class path at (provenance {@code jvmcache.link}), made on
 * a node as a symbolic link to the node folder: the JVM checks the class path by path, so ranks name
 * the very paths the pilot trained with, while the folder stays per job. One folder at a time holds
 * the link: a link to a folder that still exists belongs to another job of the same archive on this
 * node (or another simulated node), and is left alone; that folder's ranks use fanload's loader
 * (rank-bootstrap.sh compares the link with its folder). A link to a folder that is gone is stale.
 */
public final class JvmCacheLink {

    /** The note in a node folder that holds a link: the link's path. */
    static final String NOTE = "jvm-cache.link";

    private JvmCacheLink() {
    }

    /** The link path {@code reader}'s archive was trained at, or null when it carries no JVM cache. */
    public static Path of(ArchiveReader reader) {
        String link = reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_LINK);
        return link == null ? null : Path.of(link);
    }

    /**
     * Points {@code link} at {@code folder} unless another existing folder holds it; returns whether
     * {@code link} now leads to {@code folder}. Never throws for a link it cannot make (no such parent,
     * no permission): those ranks use the loader.
     */
    public static boolean claim(Path link, Path folder) {
        Path target = folder.toAbsolutePath().normalize();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Files.createSymbolicLink(link, target);
                    return true;
                } catch (FileAlreadyExistsException e) {
                    Path held = holder(link);
                    if (target.equals(held)) {
                        return true;
                    }
                    if (held == null || Files.exists(held) || !removeStale(link, attempt)) {
                        return false;
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        return false;
    }

    /**
     * Claims the link of {@code reader}'s archive for {@code layout}'s folder, and notes it there (a
     * file named {@value #NOTE}) for {@link #releaseNoted}; false when it has none.
     */
    public static boolean claim(ArchiveReader reader, NodeImageLayout layout) throws IOException {
        Path link = of(reader);
        if (link == null || !claim(link, layout.root())) {
            return false;
        }
        Files.writeString(layout.root().resolve(NOTE), link.toString());
        return true;
    }

    /** Before node folder {@code folder} is removed: removes the link it holds, if any. */
    public static void releaseNoted(Path folder) {
        try {
            release(Path.of(Files.readString(folder.resolve(NOTE)).trim()), folder);
        } catch (IOException | RuntimeException e) {
            // no note (no cache, or never claimed): nothing to release
        }
    }

    /** Removes {@code link} if it still leads to {@code folder}. */
    public static void release(Path link, Path folder) {
        if (folder.toAbsolutePath().normalize().equals(holder(link))) {
            try {
                Files.deleteIfExists(link);
            } catch (IOException e) {
                // a stale link is replaced by the next claim
            }
        }
    }

    /** The folder {@code link} leads to, or null when it is no symbolic link. */
    private static Path holder(Path link) {
        try {
            return Files.isSymbolicLink(link) ? link.resolveSibling(Files.readSymbolicLink(link)).normalize() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Moves a stale link aside and removes it; if what was moved turns out to lead to an existing
     * folder (another node claimed the path in between), it goes back.
     */
    private static boolean removeStale(Path link, int attempt) throws IOException {
        Path aside = link.resolveSibling(link.getFileName() + ".stale-" + ProcessHandle.current().pid() + "-" + attempt);
        try {
            Files.move(link, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return true;
        }
        Path moved = holder(aside);
        if (moved != null && Files.exists(moved)) {
            try {
                Files.move(aside, link, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(aside);
            }
            return false;
        }
        Files.deleteIfExists(aside);
        return true;
    }
}
