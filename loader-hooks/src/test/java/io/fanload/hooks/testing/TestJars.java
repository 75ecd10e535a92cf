package io.fanload.hooks.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Real jars and folders for tests, written with java.util.jar from compiled test classes. */
public final class TestJars {

    private TestJars() {
    }

    /** The class file of {@code type} and of its nested classes, by entry name. */
    public static Map<String, byte[]> classes(Class<?>... types) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Class<?> type : types) {
            entries.put(entryName(type), classBytes(type));
            for (Class<?> nested : type.getDeclaredClasses()) {
                entries.putAll(classes(nested));
            }
        }
        return entries;
    }

    public static String entryName(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    /** The class file of {@code type} as its loader has it. */
    public static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getClassLoader().getResourceAsStream(entryName(type))) {
            return in.readAllBytes();
        }
    }

    public static Manifest manifest(String... keyValues) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        for (int i = 0; i < keyValues.length; i += 2) {
            manifest.getMainAttributes().putValue(keyValues[i], keyValues[i + 1]);
        }
        return manifest;
    }

    /** Writes a jar; names ending in "/" become directory entries; entries keep their order. */
    public static Path jar(Path file, Manifest manifest, Map<String, byte[]> entries) throws IOException {
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

    /** Writes the entries as files under {@code dir}; names ending in "/" become folders. */
    public static Path folder(Path dir, Map<String, byte[]> entries) throws IOException {
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            Path target = dir.resolve(entry.getKey());
            if (entry.getKey().endsWith("/")) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                Files.write(target, entry.getValue());
            }
        }
        return dir;
    }

    public static Map<String, byte[]> text(String... nameThenContent) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            entries.put(nameThenContent[i], nameThenContent[i + 1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return entries;
    }

    public static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
