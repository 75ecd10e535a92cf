package io.fanload.hooks.testing;

import probe.app.ExitProbe;
import probe.app.Probe;
import probe.race.Race;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The class path the loader tests share: two jars and a folder holding the cases custom loaders
 * have got wrong — a directory entry ("dir/"), a directory only implied by a file ("dir2/file.txt"),
 * one resource name in all three elements, a name with a space, a manifest with main and per-package
 * attributes.
 */
public final class ProbeClassPath {

    private ProbeClassPath() {
    }

    /** Writes the elements under {@code dir} and returns them in class-path order, as real paths. */
    public static List<Path> create(Path dir) throws IOException {
        Manifest manifest = TestJars.manifest("Implementation-Version", "7.1", "Implementation-Title", "probe",
                "Specification-Vendor", "fanload-tests");
        Attributes race = new Attributes();
        race.putValue("Implementation-Title", "race");
        manifest.getEntries().put("probe/race/", race);
        Map<String, byte[]> a = new LinkedHashMap<>(TestJars.classes(Probe.class, ExitProbe.class, Race.class));
        a.put("dir/", new byte[0]);
        a.putAll(TestJars.text("dir/inside.txt", "inside", "probe/app/shared.txt", "a", "probe/app/with space.txt", "s"));
        Path jarA = TestJars.jar(dir.resolve("a.jar"), manifest, a);
        Path jarB = TestJars.jar(dir.resolve("b.jar"), TestJars.manifest("Implementation-Title", "b"),
                TestJars.text("probe/app/shared.txt", "b", "dir2/file.txt", "f", "probe/app/jar-stream.txt", "from b"));
        Map<String, byte[]> c = new LinkedHashMap<>(TestJars.text("probe/app/shared.txt", "c",
                "probe/app/folder-stream.txt", "from c"));
        c.put("dir/", new byte[0]);
        Path folderC = TestJars.folder(dir.resolve("c"), c);
        List<Path> elements = new ArrayList<>();
        for (Path element : List.of(jarA, jarB, folderC)) {
            elements.add(element.toRealPath());
        }
        return elements;
    }

    public static List<String> strings(List<Path> elements) {
        List<String> paths = new ArrayList<>();
        for (Path element : elements) {
            paths.add(element.toString());
        }
        return paths;
    }

    /** URLs of the elements spelled as the JDK's application class loader spells them. */
    public static URL[] urls(List<Path> elements) {
        URL[] urls = new URL[elements.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = TestJars.url(elements.get(i));
        }
        return urls;
    }
}
