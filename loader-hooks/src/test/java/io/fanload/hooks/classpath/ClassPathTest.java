package io.fanload.hooks.classpath;

import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.testing.ProbeClassPath;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer of {@link ClassPath} compared with URLClassLoader's over the same jars and folder. */
class ClassPathTest {

    private static final List<String> NAMES = List.of("", "dir", "dir/", "dir/inside.txt", "dir2", "dir2/",
            "dir2/file.txt", "probe/app/shared.txt", "probe/app/missing.txt", "/probe/app/shared.txt",
            "probe/app/../app/shared.txt", "probe/app/with space.txt", "probe/app/Probe.class", "META-INF/MANIFEST.MF",
            "../outside.txt");

    @TempDir
    Path dir;

    @Test
    void findsWhatUrlClassLoaderFinds() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir);
        ClassPath classPath = ClassPath.of(ProbeClassPath.strings(elements));
        try (URLClassLoader reference = new URLClassLoader(ProbeClassPath.urls(elements), null)) {
            for (String name : NAMES) {
                ClassPathEntry first = classPath.find(name);
                assertEquals(String.valueOf(reference.findResource(name)), String.valueOf(first == null ? null : first.url()),
                        "first URL of '" + name + "'");
                List<String> ours = new ArrayList<>();
                for (ClassPathEntry entry : classPath.findAll(name)) {
                    ours.add(entry.url().toString());
                }
                List<String> theirs = new ArrayList<>();
                for (URL url : Collections.list(reference.findResources(name))) {
                    theirs.add(url.toString());
                }
                assertEquals(theirs, ours, "all URLs of '" + name + "'");
            }
        }
    }

    @Test
    void readsTheBytesUrlClassLoaderReads() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir);
        ClassPath classPath = ClassPath.of(ProbeClassPath.strings(elements));
        try (URLClassLoader reference = new URLClassLoader(ProbeClassPath.urls(elements), null)) {
            for (ClassPathEntry entry : classPath.findAll("probe/app/shared.txt")) {
                assertEquals(new String(entry.readAllBytes(), StandardCharsets.UTF_8),
                        new String(entry.url().openStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(List.of("a", "b", "c"), contents(classPath.findAll("probe/app/shared.txt")));
            assertEquals(EntryKind.DIRECTORY, classPath.find("dir").kind());
            assertEquals(EntryKind.DIRECTORY, classPath.find("").kind());
            assertEquals(EntryKind.CLASS, classPath.find("probe/app/Probe.class").kind());
            assertEquals(0, classPath.find("dir").readAllBytes().length);
            assertTrue(reference.findResource("dir") != null);
        }
    }

    @Test
    void followsClassPathManifestAttributesAfterTheirJar() throws Exception {
        Path lib = TestJars.jar(dir.resolve("lib/dep.jar"), null, TestJars.text("x.txt", "from dep"));
        Path main = TestJars.jar(dir.resolve("main.jar"), TestJars.manifest("Class-Path", "lib/dep.jar lib/missing.jar"),
                TestJars.text("y.txt", "from main"));
        Path other = TestJars.jar(dir.resolve("other.jar"), null, TestJars.text("x.txt", "from other"));
        ClassPath classPath = ClassPath.of(List.of(main.toString(), other.toString()));
        try (URLClassLoader reference = new URLClassLoader(new URL[] {TestJars.url(main.toRealPath()),
                TestJars.url(other.toRealPath())}, null)) {
            assertEquals(reference.findResource("x.txt").toString(), classPath.find("x.txt").url().toString());
            assertEquals(List.of("from dep", "from other"), contents(classPath.findAll("x.txt")));
            assertEquals(List.of(main.toRealPath().toString(), lib.toRealPath().toString(), other.toRealPath().toString()),
                    paths(classPath.elements()));
        }
    }

    @Test
    void dropsElementsThatDoNotExistAndDuplicates() throws Exception {
        Path jar = TestJars.jar(dir.resolve("one.jar"), null, TestJars.text("x.txt", "x"));
        ClassPath classPath = ClassPath.of(List.of(dir.resolve("nope.jar").toString(), jar.toString(), jar.toString()));
        assertEquals(List.of(jar.toRealPath().toString()), paths(classPath.elements()));
        assertEquals(0, classPath.find("x.txt").origin());
    }

    @Test
    void aFileThatIsNotAJarIsAnEmptyElement() throws Exception {
        Path notJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        Path jar = TestJars.jar(dir.resolve("ok.jar"), null, TestJars.text("x.txt", "x"));
        ClassPath classPath = ClassPath.of(List.of(notJar.toString(), jar.toString()));
        assertNull(classPath.elements().get(0).find("x.txt"));
        assertEquals(1, classPath.find("x.txt").origin());
    }

    @Test
    void readsTheRunningReleaseOfAMultiReleaseJar() throws Exception {
        int feature = Runtime.version().feature();
        Path jar = TestJars.jar(dir.resolve("mr.jar"), TestJars.manifest("Multi-Release", "true"), TestJars.text(
                "v.txt", "base", "META-INF/versions/9/v.txt", "nine", "META-INF/versions/" + (feature + 1) + "/v.txt", "future"));
        ClassPath classPath = ClassPath.of(List.of(jar.toString()));
        assertEquals(List.of("nine"), contents(classPath.findAll("v.txt")));
        try (URLClassLoader reference = new URLClassLoader(new URL[] {TestJars.url(jar.toRealPath())}, null)) {
            assertEquals(new String(reference.getResourceAsStream("v.txt").readAllBytes(), StandardCharsets.UTF_8), "nine");
            assertEquals(reference.findResource("v.txt").toString(), classPath.find("v.txt").url().toString());
        }
    }

    @Test
    void splitsLikeJavaCp() {
        assertEquals(List.of("a", "", "b"), ClassPath.split("a::b"));
        assertEquals(List.of(""), ClassPath.split(""));
    }

    private static List<String> contents(List<ClassPathEntry> entries) throws Exception {
        List<String> texts = new ArrayList<>();
        for (ClassPathEntry entry : entries) {
            texts.add(new String(entry.readAllBytes(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    private static List<String> paths(List<ClassPathElement> elements) {
        List<String> paths = new ArrayList<>();
        for (ClassPathElement element : elements) {
            paths.add(element.path());
        }
        return paths;
    }
}
