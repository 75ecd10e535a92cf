package io.fanload.writer.build;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.DirectoryListing;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import io.fanload.writer.pilot.MergedName;
import io.fanload.writer.pilot.MergedPilot;
import io.fanload.writer.source.FileFingerprint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** Every carried file's fingerprint, by absolute path: its SOURCES row needs the same read. */
    private final Map<String, FileFingerprint> prints = new LinkedHashMap<>();
    private final List<String> neighbourLinks = new ArrayList<>();
    private final Map<Integer, DirectoryListing> listings = new LinkedHashMap<>();
    /** The carried files that belong to the runtime (launch --runtime), by absolute path. */
    private final Set<String> runtimeFiles = new HashSet<>();
    /** The carried JVM cache the pilot trained (launch --jvm-cache), by absolute path, or null. */
    private String jvmCache;

    private ClassPathFiles() {
    }

    /**
     * What {@code pilot} needs carried, every file of the JDK at {@code runtimeHome} unless null, and
     * the trained JVM cache {@code jvmCache} unless null.
     */
    static ClassPathFiles of(MergedPilot pilot, Path runtimeHome, Path jvmCache) throws IOException {
        ClassPathFiles files = new ClassPathFiles();
        List<String> origins = pilot.origins();
        for (int origin = 0; origin < origins.size(); origin++) {
            Path path = Path.of(origins.get(origin));
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                files.listings.put(origin, list(path));
                for (MergedName name : pilot.names()) {
                    MergedName.Expected expected = name.found().get(origin);
                    if (expected != null && expected.kind() != EntryKind.DIRECTORY) {
                        Path file = path.resolve(name.name()).normalize();
                        if (file.startsWith(path) && Files.isRegularFile(file)) {
                            files.add(file);
                        }
                    }
                }
            }
        }
        Neighbourhood around = Neighbourhood.of(origins);
        for (String archive : pilot.openArchives()) {
            Path path = Path.of(archive);
            if (around.contains(path) && Files.isRegularFile(path)) {
                files.add(path); // a jar the application loaded from beside its class path
            }
        }
        if (runtimeHome != null) {
            for (Path file : RuntimeFiles.of(runtimeHome)) {
                files.add(file);
                files.runtimeFiles.add(file.toAbsolutePath().normalize().toString());
            }
        }
        if (jvmCache != null) {
            files.add(jvmCache);
            files.jvmCache = jvmCache.toAbsolutePath().normalize().toString();
        }
        files.prints.forEach((path, print) -> files.wholeFiles.add(
                new WholeFile(path, print.size(), print.mtimeNanos(), print.crc32c(), 0)));
        files.neighbourLinks.addAll(around.links(files.prints.keySet()));
        return files;
    }

    List<String> neighbourLinks() {
        return neighbourLinks;
    }

    List<WholeFile> wholeFiles() {
        return wholeFiles;
    }

    /** Whether the carried file at {@code path} is one of the runtime's. */
    boolean isRuntime(String path) {
        return runtimeFiles.contains(path);
    }

    /** Whether the carried file at {@code path} is the trained JVM cache. */
    boolean isJvmCache(String path) {
        return path.equals(jvmCache);
    }

    /** The listing of folder origin {@code origin}, or null for a jar or a missing element. */
    DirectoryListing listing(int origin) {
        return listings.get(origin);
    }

    /** Carries {@code file} (once). */
    private void add(Path file) throws IOException {
        String absolute = file.toAbsolutePath().normalize().toString();
        if (!prints.containsKey(absolute)) {
            prints.put(absolute, FileFingerprint.of(Path.of(absolute)));
        }
    }

    /** The fingerprint of {@code file}: the one taken when it was chosen to be carried, else a new one. */
    FileFingerprint fingerprint(Path file) throws IOException {
        FileFingerprint print = prints.get(file.toAbsolutePath().normalize().toString());
        return print != null ? print : FileFingerprint.of(file);
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
