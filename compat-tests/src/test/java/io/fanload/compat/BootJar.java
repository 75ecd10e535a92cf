package io.fanload.compat;

import io.fanload.hooks.testing.TestJars;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * A Spring Boot executable jar laid out as spring-boot-maven-plugin lays it out: Boot's launcher
 * classes at the top, the application under BOOT-INF/classes, each dependency a whole jar under
 * BOOT-INF/lib (stored, not deflated: Boot reads nested jars in place), and a classpath.idx.
 */
final class BootJar {

    private static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private BootJar() {
    }

    static Path write(Path file, Path loaderJar, String startClass, Map<String, byte[]> classes, List<Path> libs)
            throws IOException {
        Manifest manifest = TestJars.manifest("Main-Class", LAUNCHER, "Start-Class", startClass,
                "Spring-Boot-Classes", "BOOT-INF/classes/", "Spring-Boot-Lib", "BOOT-INF/lib/",
                "Spring-Boot-Classpath-Index", "BOOT-INF/classpath.idx");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            copyLauncher(loaderJar, jar);
            // the launcher puts BOOT-INF/classes/ on the class path only if the jar has that folder's entry
            Set<String> folders = new TreeSet<>(List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/lib/"));
            for (String name : classes.keySet()) {
                for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                    folders.add("BOOT-INF/classes/" + name.substring(0, slash + 1));
                }
            }
            for (String folder : folders) {
                jar.putNextEntry(new JarEntry(folder));
                jar.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                jar.putNextEntry(new JarEntry("BOOT-INF/classes/" + entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
            StringBuilder index = new StringBuilder();
            for (Path lib : libs) {
                String name = "BOOT-INF/lib/" + lib.getFileName();
                stored(jar, name, Files.readAllBytes(lib));
                index.append("- \"").append(name).append("\"\n");
            }
            jar.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            jar.write(index.toString().getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }

    /** Everything of spring-boot-loader but its manifest: the launcher and its file-system provider. */
    private static void copyLauncher(Path loaderJar, JarOutputStream jar) throws IOException {
        try (JarFile loader = new JarFile(loaderJar.toFile())) {
            for (JarEntry entry : Collections.list(loader.entries())) {
                if (entry.getName().equals("META-INF/") || entry.getName().equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = loader.getInputStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
    }

    private static void stored(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        JarEntry entry = new JarEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        jar.putNextEntry(entry);
        jar.write(bytes);
        jar.closeEntry();
    }
}
