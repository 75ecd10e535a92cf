package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveIdentity;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.archive.FileMoves;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Makes the node-local image that a node's ranks map: see {@link NodeImageLayout} for the folder. */
public final class NodeImages {

    /** Provenance key of an image: the SHA-256 (hex) of the archive it was expanded from. */
    public static final String EXPANDED_FROM = "image.expanded-from";

    private NodeImages() {
    }

    /**
     * One node without a tree: copies {@code sharedArchive} into the layout's archive file in one
     * sequential read, checks the copy's SHA-256 against the archive's trailer, then {@link #prepare}s.
     */
    public static ArchiveIdentity install(Path sharedArchive, NodeImageLayout layout) throws IOException {
        createFolders(layout);
        ArchiveIdentity identity = ArchiveIdentity.read(sharedArchive);
        Path copy = layout.archive();
        MessageDigest sha256 = sha256();
        long digested = 0;
        long digestEnd = identity.totalSize() - ArchiveFormat.TRAILER_SIZE;
        try (InputStream in = Files.newInputStream(sharedArchive);
             OutputStream out = Files.newOutputStream(copy)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                int digestable = (int) Math.max(0, Math.min(n, digestEnd - digested));
                sha256.update(buffer, 0, digestable);
                digested += digestable;
                out.write(buffer, 0, n);
            }
        }
        if (!Arrays.equals(sha256.digest(), identity.sha256())) {
            throw new ArchiveException(sharedArchive + ": SHA-256 does not match the archive's digest (corrupt archive)");
        }
        return prepare(copy, layout);
    }

    /**
     * Expands {@code archive} — whose whole-archive digest the caller has already checked — into
     * the layout's image and writes the READY marker last: {@link #stage}, then {@link #publish}.
     * Returns the image's identity.
     */
    public static ArchiveIdentity prepare(Path archive, NodeImageLayout layout) throws IOException {
        ArchiveIdentity identity = stage(archive, layout);
        publish(layout, identity);
        return identity;
    }

    /**
     * Everything of {@link #prepare} but the READY marker: expands {@code archive} into the layout's
     * image, checking every entry's xxHash64 and CRC32C on the way; makes sure the class-path copies
     * are in place (a node agent wrote them while receiving); extracts its natives into the library
     * folder; points the trained JVM cache's link at the folder where it can ({@link JvmCacheLink}).
     * A node agent runs this as soon as the last byte arrived, while the whole-archive digest is still
     * being checked: nothing here is used by a rank before {@link #publish}, which the agent calls only
     * once the digest matched, so an archive that fails it never gets READY.
     */
    public static ArchiveIdentity stage(Path archive, NodeImageLayout layout) throws IOException {
        return stage(archive, layout, false, null);
    }

    /**
     * As {@link #stage(Path, NodeImageLayout)}; {@code streamed}: every carried file was written and
     * checked while the archive arrived ({@link StreamingCopies#done}), none is looked at again;
     * {@code started} (from {@link #startExpansion}, on the same archive, whose bytes are all final
     * now), when not null, is finished instead of expanding anew; the caller closes it.
     */
    public static ArchiveIdentity stage(Path archive, NodeImageLayout layout, boolean streamed, ImageExpansion started)
            throws IOException {
        createFolders(layout);
        ArchiveIdentity identity;
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            identity = started != null ? started.finish() : expand(reader, layout.image());
            ClassPathCopies.ensure(reader, layout, streamed);
            if (JvmCacheLink.claim(reader, layout)) {
                JvmCacheNames.write(reader, layout);
            }
        }
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            extractNatives(image, layout.libraries());
        }
        return identity;
    }

    /**
     * Starts expanding {@code archive}'s entries into {@code layout}'s image before all its bytes are
     * in (its index and header are): see {@link ImageExpansion#expandUpTo}.
     */
    public static ImageExpansion startExpansion(ArchiveReader archive, NodeImageLayout layout) throws IOException {
        createFolders(layout);
        return ImageExpansion.start(archive, layout.image());
    }

    /** Writes the READY marker of a {@link #stage}d image (atomically): from now on ranks map it. */
    public static void publish(NodeImageLayout layout, ArchiveIdentity image) throws IOException {
        writeAtomically(layout.readyMarker(), ""); // its presence is the signal; an image has no digest (FORMAT.md §8)
    }

    /** True once {@link #prepare} finished on this layout. */
    public static boolean isReady(NodeImageLayout layout) {
        return Files.isRegularFile(layout.readyMarker());
    }

    private static void createFolders(NodeImageLayout layout) throws IOException {
        for (Path dir : List.of(layout.root(), layout.libraries(), layout.tmp())) {
            Files.createDirectories(dir);
            try {
                // Private to the job's user: the image decides what code ranks run.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; nothing to tighten
            }
        }
    }

    private static ArchiveIdentity expand(ArchiveReader reader, Path imageFile) throws IOException {
        try (ImageExpansion expansion = ImageExpansion.start(reader, imageFile)) {
            return expansion.finish();
        }
    }

    /**
     * Writes every native as a real file (dlopen needs one) in load order, plus a link named by its
     * DT_SONAME when that differs, so that DT_NEEDED lookups through LD_LIBRARY_PATH find it too.
     * When two libraries share a file name, the first in load order wins, as it would on a search path.
     */
    private static void extractNatives(ArchiveReader image, Path libraries) throws IOException {
        List<Records.Native> natives = new ArrayList<>();
        for (int n = 0; n < image.nativeCount(); n++) {
            natives.add(image.nativeAt(n));
        }
        natives.sort(Comparator.comparingInt(Records.Native::loadOrder));
        Set<String> written = new HashSet<>();
        for (Records.Native lib : natives) {
            if (!safeFileName(lib.fileName()) || !written.add(lib.fileName())) {
                continue;
            }
            Path file = libraries.resolve(lib.fileName());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer content = image.rawContent(lib.hit());
                while (content.hasRemaining()) {
                    out.write(content);
                }
            }
            String soname = lib.soname();
            if (!soname.isEmpty() && safeFileName(soname) && written.add(soname)) {
                try {
                    Files.createSymbolicLink(libraries.resolve(soname), Path.of(lib.fileName()));
                } catch (FileAlreadyExistsException e) {
                    // a stale link from an interrupted earlier prepare of the same image
                    Files.delete(libraries.resolve(soname));
                    Files.createSymbolicLink(libraries.resolve(soname), Path.of(lib.fileName()));
                }
            }
        }
    }

    /** A native's file name from an archive must stay inside the library folder. */
    private static boolean safeFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..") && name.indexOf('\0') < 0;
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        FileMoves.intoPlace(temp, target);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
