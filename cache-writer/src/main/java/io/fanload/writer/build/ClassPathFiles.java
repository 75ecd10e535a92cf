package io.fanload.writer.build;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.DirectoryListing;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.writer.pilot.MergedName;
import io.fanload.writer.pilot.MergedPilot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * What of the class path an archive carries as files (docs/FORMAT.md section 6): every jar whole,
 * of every folder the files the pilot read plus a listing of all its names, the jars beside the
 * class path that the application held open ({@link Neighbourhood}), and the links to the rest of
 * that neighbourhood. Decided before the archive is written, because the whole files come first.
 *
 * <p>Why not every file of a folder: a folder on the class path can be a job folder full of data
 * ({@code -cp .}); the listing lets a served rank answer any name the folder lacks without asking
 * the shared file system, and a listed name the pilot never read is the one case that goes there.
 */
final class ClassPathFiles {

    private final List<WholeFile> wholeFiles = new ArrayList<>();
    private final List<String> neighbourLinks = new ArrayList<>();
    private final Map<Integer, DirectoryListing> listings = new LinkedHashMap<>();

    private ClassPathFiles() {
    }

    static ClassPathFiles of(MergedPilot pilot) throws IOException {
        ClassPathFiles files = new ClassPathFiles();
        Map<String, WholeFile> byPath = new LinkedHashMap<>();
        List<String> origins = pilot.origins();
        for (int origin = 0; origin < origins.size(); origin++) {
            Path path = Path.of(origins.get(origin));
            if (Files.isRegularFile(path)) {
                add(byPath, path);
            } else if (Files.isDirectory(path)) {
                files.listings.put(origin, list(path));
                for (MergedName name : pilot.names()) {
                    MergedName.Expected expected = name.found().get(origin);
                    if (expected != null && expected.kind() != EntryKind.DIRECTORY) {
                        Path file = path.resolve(name.name()).normalize();
                        if (file.startsWith(path) && Files.isRegularFile(file)) {
                            add(byPath, file);
                        }
                    }
                }
            }
        }
        Neighbourhood around = Neighbourhood.of(origins);
        for (String archive : pilot.openArchives()) {
            Path path = Path.of(archive);
            if (around.contains(path) && Files.isRegularFile(path)) {
                add(byPath, path); // a jar the application loaded from beside its class path
            }
        }
        files.wholeFiles.addAll(byPath.values());
        files.neighbourLinks.addAll(around.links(byPath.keySet()));
        return files;
    }

    List<String> neighbourLinks() {
        return neighbourLinks;
    }

    List<WholeFile> wholeFiles() {
        return wholeFiles;
    }

    /** The listing of folder origin {@code origin}, or null for a jar or a missing element. */
    DirectoryListing listing(int origin) {
        return listings.get(origin);
    }

    private static void add(Map<String, WholeFile> byPath, Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        BasicFileAttributes a = Files.readAttributes(absolute, BasicFileAttributes.class);
        if (byPath.containsKey(absolute.toString())) {
            return;
        }
        CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(absolute, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (in.read(buffer.clear()) > 0) {
                crc.update(buffer.flip());
            }
        }
        byPath.put(absolute.toString(), new WholeFile(absolute.toString(), a.size(),
                a.lastModifiedTime().to(TimeUnit.NANOSECONDS), (int) crc.getValue(), 0));
    }

    /** Every name under {@code root}, folders with a trailing '/', up to the format's limit. */
    private static DirectoryListing list(Path root) throws IOException {
        List<String> names = new ArrayList<>();
        boolean[] complete = {true};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(root) || note(root.relativize(dir) + "/") ? FileVisitResult.CONTINUE
                            : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    return note(root.relativize(file).toString()) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return note(root.relativize(file).toString()) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                private boolean note(String name) {
                    if (names.size() >= ArchiveFormat.LISTING_LIMIT) {
                        complete[0] = false;
                        return false;
                    }
                    names.add(name);
                    return true;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new DirectoryListing(names, complete[0]);
    }
}
