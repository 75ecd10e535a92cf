package io.fanload.writer.image;

import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

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
        // Bytes to bytes, never a String: a node agent writes this after the last byte, in a JVM
        // whose decoders and string code still run interpreted (docs/perf/tree.md, "Last byte to ready").
        ByteArrayOutputStream names = new ByteArrayOutputStream(reader.nameCount() * 40);
        for (int row = 0; row < reader.nameCount(); row++) {
            if (reader.nameHitCount(row) == 0) {
                continue;
            }
            byte[] name = reader.nameBytesAt(row);
            int end = name.length - CLASS.length;
            if (end <= 0 || !Arrays.equals(name, end, name.length, CLASS, 0, CLASS.length)
                    || Arrays.equals(name, 0, Math.min(name.length, META_INF.length), META_INF, 0, META_INF.length)) {
                continue;
            }
            for (int i = 0; i < end; i++) {
                names.write(name[i] == '/' ? '.' : name[i]);
            }
            names.write('\n');
        }
        try (OutputStream out = Files.newOutputStream(layout.root().resolve(FILE))) {
            names.writeTo(out);
        }
    }

    private static final byte[] CLASS = ".class".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] META_INF = "META-INF/".getBytes(StandardCharsets.US_ASCII);
}
