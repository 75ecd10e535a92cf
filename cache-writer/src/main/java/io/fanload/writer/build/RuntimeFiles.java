package io.fanload.writer.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The files of a JDK that ranks run with (launch --runtime): everything under its home that a
 * running JVM may read — launcher, libraries, {@code lib/modules}, the default CDS archives,
 * configuration, {@code ct.sym} (an in-process compiler's --release) — but not what only development
 * tools read (sources, jmods, headers, man pages, licence texts). Symbolic links are followed
 * (Debian links {@code lib/jvm.cfg} and {@code lib/security/cacerts} into /etc), so the copy on a node
 * needs nothing outside itself; each file keeps its path under the home as the JVM names it.
 */
final class RuntimeFiles {

    /** Top-level folders of a JDK that a running JVM never reads. */
    private static final Set<String> DEVELOPMENT_ONLY = Set.of("jmods", "include", "man", "legal", "docs", "demo", "sample");

    private RuntimeFiles() {
    }

    /** The files to carry of the JDK at {@code home}, in a stable order. */
    static List<Path> of(Path home) throws IOException {
        Path root = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("bin/java")) || !Files.isDirectory(root.resolve("lib"))) {
            throw new IOException(root + " is not a JDK (no bin/java and lib/): cannot carry the runtime");
        }
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path relative = root.relativize(dir);
                    return relative.getNameCount() == 1 && DEVELOPMENT_ONLY.contains(relative.toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !file.getFileName().toString().equals("src.zip")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A dangling link (Debian's src.zip without the source package) is nothing to carry.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        files.sort(null);
        return files;
    }
}
