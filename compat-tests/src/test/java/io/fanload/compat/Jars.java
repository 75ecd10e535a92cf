package io.fanload.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Jars of the probe programs, written with java.util.jar from this module's compiled test classes. */
final class Jars {

    private Jars() {
    }

    /** Class files of {@code types} and their nested classes, by entry name. */
    static Map<String, byte[]> classes(Class<?>... types) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Class<?> type : types) {
            entries.put(entryName(type), classBytes(type));
            for (Class<?> nested : type.getDeclaredClasses()) {
                entries.putAll(classes(nested));
            }
        }
        return entries;
    }

    static String entryName(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(entryName(type))) {
            return in.readAllBytes();
        }
    }

    static Manifest manifest(String... keyValues) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            manifest.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        }
        return manifest;
    }

    static Map<String, byte[]> text(String... nameThenContent) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            entries.put(nameThenContent[i], nameThenContent[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** Names ending in "/" become directory entries; entries keep their order. */
    static Path write(Path file, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
             JarOutputStream jar = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                if (!entry.getKey().endsWith("/")) {
                    jar.write(entry.getValue());
                }
                jar.closeEntry();
            }
        }
        return file;
    }
}
