package io.fanload.server.agent;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path of an agent JVM: cache-server's jar and the jars its manifest names (its runtime
 * dependencies, written by the build), so an agent loads nothing of the front end (launch's
 * commands, Commons Compress). Spelled out rather than left to the manifest so that the agents'
 * class archive sees the same class path the JVM checks.
 */
public final class AgentClassPath {

    private AgentClassPath() {
    }

    /**
     * The agent class path of this install; this JVM's own class path when cache-server is not a jar
     * with a manifest class path beside its dependencies (a build's classes folders, a test run).
     */
    public static String ofThisInstall() {
        return forJar(codeSource(AgentMain.class)).orElse(System.getProperty("java.class.path"));
    }

    /** The class path of cache-server's {@code jar} and its manifest's Class-Path, if all of them exist. */
    public static Optional<String> forJar(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            return Optional.empty();
        }
        String named = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        List<String> entries = new ArrayList<>(List.of(jar.toString()));
        for (String relative : named.trim().split("\\s+")) {
            Path dependency = jar.resolveSibling(relative).normalize();
            if (!Files.isRegularFile(dependency)) {
                return Optional.empty();
            }
            entries.add(dependency.toString());
        }
        return Optional.of(String.join(File.pathSeparator, entries));
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
