package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.WholeFileTable;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The node-local copies of the class path ({@link NodeImageLayout#classPathCopies()}): each file
 * the archive carries whole, written at its original path under {@code cp/} with its recorded mtime.
 * A node agent writes them while the archive arrives ({@link StreamingCopies}); {@link #ensure}
 * then only checks them, and writes any that are missing (a node prepared from a file).
 */
public final class ClassPathCopies {

    private ClassPathCopies() {
    }

    /**
     * Every carried file of {@code archive} is at its place with its size and mtime (writes those that
     * are not); then each neighbour link is made, where nothing is yet — never before a file, so no
     * file is ever written through a link.
     */
    public static int ensure(ArchiveReader archive, NodeImageLayout layout) throws IOException {
        return ensure(archive, layout, false);
    }

    /**
     * As {@link #ensure(ArchiveReader, NodeImageLayout)}; {@code streamed} says every carried file was
     * written and checked while the archive arrived ({@link StreamingCopies#done}), so none is looked
     * at again: a node agent runs this after the last byte, where 500 files of a carried JDK cost
     * ~500 stats.
     */
    public static int ensure(ArchiveReader archive, NodeImageLayout layout, boolean streamed) throws IOException {
        int written = 0;
        WholeFileTable.Table table = archive.wholeFileTable();
        for (WholeFile file : streamed ? List.<WholeFile>of() : table.files()) {
            Path local = Path.of(layout.copyOf(file.path()));
            if (!inPlace(local, file)) {
                ByteBuffer content = archive.wholeFileContent(file);
                CRC32C crc = new CRC32C();
                crc.update(content.duplicate());
                if ((int) crc.getValue() != file.crc32c()) {
                    throw new ArchiveException(archive.file() + ": carried file " + file.path()
                            + " failed its CRC32C check (corrupt archive)");
                }
                try (FileChannel out = open(local)) {
                    while (content.hasRemaining()) {
                        out.write(content);
                    }
                }
                finish(local, file);
                written++;
            }
        }
        for (String link : table.links()) {
            Path local = Path.of(layout.copyOf(link));
            if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(local.getParent());
                Files.createSymbolicLink(local, Path.of(link));
            }
        }
        makeRuntimeRunnable(archive, layout, table);
        return written;
    }

    /**
     * The carried runtime's programs (launch --runtime) executable, so that ranks run the node's
     * {@code bin/java} and the JDK its {@code lib/jspawnhelper}: every file of {@code bin/}, and of
     * {@code lib/} those without a dot in their name (JDK 17+ keeps its helper programs there;
     * libraries, which {@code dlopen} maps without the x bit, all have one). The whole-file table
     * keeps no modes; 0755 is what a JDK gives them.
     */
    private static void makeRuntimeRunnable(ArchiveReader archive, NodeImageLayout layout, WholeFileTable.Table table)
            throws IOException {
        String home = archive.provenance(ArchiveFormat.PROVENANCE_RUNTIME_HOME);
        if (home == null) {
            return;
        }
        String bin = home + "/bin/";
        String lib = home + "/lib/";
        for (WholeFile file : table.files()) {
            String path = file.path();
            boolean program = path.startsWith(bin) && path.indexOf('/', bin.length()) < 0
                    || path.startsWith(lib) && path.indexOf('/', lib.length()) < 0 && path.indexOf('.', lib.length()) < 0;
            if (program) {
                Files.setPosixFilePermissions(Path.of(layout.copyOf(path)), RUNNABLE);
            }
        }
    }

    private static final Set<PosixFilePermission> RUNNABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    /** Opens {@code local} for writing from the start, creating its folders. */
    static FileChannel open(Path local) throws IOException {
        Files.createDirectories(local.getParent());
        return FileChannel.open(local, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Gives a completely written and checked copy its recorded mtime: the mark {@link #inPlace} trusts. */
    static void finish(Path local, WholeFile file) throws IOException {
        Files.setLastModifiedTime(local, FileTime.from(file.mtimeNanos(), TimeUnit.NANOSECONDS));
    }

    private static boolean inPlace(Path local, WholeFile file) {
        try {
            BasicFileAttributes a = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() && a.size() == file.size()
                    && a.lastModifiedTime().to(TimeUnit.NANOSECONDS) == file.mtimeNanos();
        } catch (IOException e) {
            return false;
        }
    }
}
