package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The classes the pilot loaded, one binary name per line ({@code a.b.C}), in the node folder of an
 * archive with a trained JVM cache: a rank started with the cache counts as a miss only a class
 * its pilot never loaded (rank-bootstrap.sh), not one the JDK could not put into the cache (class
 * files older than Java 6, signed jars), which the loader would have served as a hit.
 */
public final class JvmCacheNames {

    /** The file's name in the node folder. */
    public static final String FILE = "jvm-cache.names";

    private JvmCacheNames() {
    }

    /** Writes the class names {@code reader}'s pilot found into {@code layout}'s folder. */
    public static void write(ArchiveReader reader, NodeImageLayout layout) throws IOException {
        // One string, encoded once: a node agent writes this after the last byte, in a JVM whose
        // charset encoder still runs interpreted (a write per name was a visible part of it).
        StringBuilder names = new StringBuilder(reader.nameCount() * 40);
        for (int row = 0; row < reader.nameCount(); row++) {
            String name = reader.nameAt(row);
            if (name.length() > CLASS.length() && name.endsWith(CLASS) && reader.nameHitCount(row) > 0
                    && !name.startsWith("META-INF/")) {
                names.append(name, 0, name.length() - CLASS.length()).append('\n');
            }
        }
        String text = names.toString().replace('/', '.');
        Files.write(layout.root().resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
    }

    private static final String CLASS = ".class";
}
