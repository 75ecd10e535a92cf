package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

/**
 * The classes the pilot loaded, one binary name per line ({@code a.b.C}), in the node folder of an
 * archive with a trained JVM cache: a rank started with the cache counts as a miss only a class
 * its pilot never loaded (rank-bootstrap.sh), not one the JDK could not put into the cache (class
 * files older than Java 6, signed jars), which the loader would have served as a hit. The classes
 * the cache's training run loaded beyond the pilot's (provenance {@code jvmcache.classes}: those
 * the JDK's verifier loads to check the cached ones, which a served rank loads again) are listed too.
 */
public final class JvmCacheNames {

    /** The file's name in the node folder. */
    public static final String FILE = "jvm-cache.names";

    private JvmCacheNames() {
    }

    /** Writes the class names {@code reader}'s pilot and training run loaded into {@code layout}'s folder. */
    public static void write(ArchiveReader reader, NodeImageLayout layout) throws IOException {
        // One string, encoded once: a node agent writes this after the last byte, in a JVM whose
        // charset encoder still runs interpreted (a write per name was a visible part of it).
        StringBuilder names = new StringBuilder(reader.nameCount() * 40);
        for (int row = 0; row < reader.nameCount(); row++) {
            String name = reader.nameAt(row);
            if (pilotLoaded(reader, row, name)) {
                names.append(name, 0, name.length() - CLASS.length()).append('\n');
            }
        }
        String trained = reader.provenance(ArchiveFormat.PROVENANCE_JVM_CACHE_CLASSES);
        if (trained != null && !trained.isBlank()) {
            names.append(trained.replace(' ', '\n')).append('\n');
        }
        String text = names.toString().replace('/', '.');
        Files.write(layout.root().resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The binary names ({@code a.b.C}) of the classes {@code reader}'s pilot loaded. */
    public static Set<String> pilotClasses(ArchiveReader reader) {
        Set<String> classes = new HashSet<>();
        for (int row = 0; row < reader.nameCount(); row++) {
            String name = reader.nameAt(row);
            if (pilotLoaded(reader, row, name)) {
                classes.add(name.substring(0, name.length() - CLASS.length()).replace('/', '.'));
            }
        }
        return classes;
    }

    private static boolean pilotLoaded(ArchiveReader reader, int row, String name) {
        return name.length() > CLASS.length() && name.endsWith(CLASS) && reader.nameHitCount(row) > 0
                && !name.startsWith("META-INF/");
    }

    private static final String CLASS = ".class";
}
