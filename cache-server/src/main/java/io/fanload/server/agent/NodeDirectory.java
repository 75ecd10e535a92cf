package io.fanload.server.agent;

import io.fanload.writer.image.JvmCacheLink;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node-local folder of one job step: default {@code /dev/shm/fanload-<job>-<step>}, created
 * with mode 0700. The job and step ids in the name keep two jobs on one node apart; a leftover
 * folder of the same name (an earlier attempt of this very step) is emptied and reused, unless it
 * is a symbolic link or belongs to another user.
 */
public final class NodeDirectory {

    private NodeDirectory() {
    }

    /** {@code /dev/shm/fanload-<job>-<step>}; ids are reduced to {@code [A-Za-z0-9._-]}. */
    public static Path defaultFor(String jobId, String stepId) {
        return Path.of("/dev/shm", "fanload-" + safe(jobId) + "-" + safe(stepId));
    }

    private static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.isEmpty() || s.startsWith(".")) {
            throw new IllegalArgumentException("unusable id for a folder name: '" + id + "'");
        }
        return s;
    }

    /** Creates (or empties) the folder with mode 0700. */
    public static void create(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + ": is a symbolic link; refusing to use it as the node-local folder");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + ": exists and is not a folder");
            }
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException(dir + ": belongs to " + owner + "; choose another node-local folder");
            }
            removeContents(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException(parent + ": no such folder for the node-local image");
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Fails with one clear line when the folder's file system has less than {@code bytes} free;
     * else returns that file system.
     */
    public static FileStore checkSpace(Path dir, long bytes) throws IOException {
        FileStore store = Files.getFileStore(dir);
        long free = store.getUsableSpace();
        if (free < bytes) {
            throw new IOException(noRoom(dir + " (" + store + ")", bytes, mib(free) + " MiB free"));
        }
        return store;
    }

    /** The one line for a folder ({@code where}) without room for an archive of {@code bytes}, {@code state} saying how far it got. */
    static String noRoom(String where, long bytes, String state) {
        return "no room in " + where + ": the archive needs " + mib(bytes) + " MiB, " + state
                + "; set a larger node-local folder (--local-dir)";
    }

    /** Bytes in MiB, rounded up, for messages. */
    static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** Removes the folder and everything in it; a missing folder is fine. */
    public static void remove(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        JvmCacheLink.releaseNoted(dir);
        removeContents(dir);
        Files.deleteIfExists(dir);
    }

    private static void removeContents(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                if (!d.equals(dir)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
