package io.fanload.hooks.loader;

import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.hooks.source.LoaderSettings;
import io.fanload.hooks.source.Mode;
import io.fanload.hooks.testing.ProbeClassPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader in plain and record mode, in this JVM, against URLClassLoader over the same jars:
 * what the application sees must be the same, URL for URL.
 */
class FanloadClassLoaderTest {

    @TempDir
    Path dir;

    /** The parent a rank's loader has: the JDK's platform loader, plus loader-hooks' own classes. */
    private static URLClassLoader hooksParent() {
        URL hooks = FanloadClassLoader.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {hooks}, ClassLoader.getPlatformClassLoader());
    }

    private LoaderSettings settings(Mode mode, List<Path> elements) {
        return new LoaderSettings(mode, String.join(File.pathSeparator, ProbeClassPath.strings(elements)),
                dir.resolve("pilot"), null, false, 4, "node-a", null, "probe", "");
    }

    @SuppressWarnings("unchecked")
    private static List<String> facts(ClassLoader loader) throws Exception {
        return (List<String>) loader.loadClass("probe.app.Probe").getMethod("facts").invoke(null);
    }

    @Test
    void plainAndRecordModeSeeWhatUrlClassLoaderSees() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        List<String> expected;
        try (URLClassLoader reference = new URLClassLoader(ProbeClassPath.urls(elements), ClassLoader.getPlatformClassLoader())) {
            expected = facts(reference);
        }
        assertTrue(expected.contains("package probe.app probe 7.1 fanload-tests sealed=false"), expected.toString());
        for (Mode mode : List.of(Mode.PLAIN, Mode.RECORD)) {
            FanloadClassLoader loader = new FanloadClassLoader(hooksParent(), settings(mode, elements));
            assertEquals(expected, facts(loader), mode.toString());
        }
    }

    @Test
    void showsNoneOfLoaderHooksOwnResources() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        FanloadClassLoader loader = new FanloadClassLoader(hooksParent(), settings(Mode.PLAIN, elements));
        List<URL> manifests = Collections.list(loader.getResources("META-INF/MANIFEST.MF"));
        assertEquals(2, manifests.size(), manifests.toString()); // a.jar and b.jar only
        assertEquals(null, loader.getResource("io/fanload/hooks/loader/../../../../META-INF/MANIFEST.MF"));
        assertSame(String.class, loader.loadClass("java.lang.String"));
    }

    @Test
    void racingThreadsDefineOnePackageWithItsManifestAttributes() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        for (int round = 0; round < 5; round++) {
            FanloadClassLoader loader = new FanloadClassLoader(hooksParent(), settings(Mode.PLAIN, elements));
            int threads = 16;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Class<?>>> loads = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String name = "probe.race.Race$R" + i;
                    Callable<Class<?>> load = () -> {
                        start.await();
                        return Class.forName(name, true, loader);
                    };
                    loads.add(pool.submit(load));
                }
                start.countDown();
                Package first = null;
                for (Future<Class<?>> load : loads) {
                    Package p = load.get().getPackage();
                    assertEquals("race", p.getImplementationTitle()); // the per-package section wins
                    assertEquals("7.1", p.getImplementationVersion()); // the main section fills the rest
                    if (first == null) {
                        first = p;
                    }
                    assertSame(first, p);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void recordModeWritesEveryLookupInFirstUseOrder() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        java.nio.file.Files.createDirectories(dir.resolve("pilot"));
        FanloadClassLoader loader = new FanloadClassLoader(hooksParent(), settings(Mode.RECORD, elements));
        facts(loader);
        loader.finish();
        PilotRecord record = RecordReader.read(dir.resolve("pilot").resolve(RecordWriter.fileName(4)));
        assertEquals(4, record.rank());
        assertEquals("node-a", record.node());
        assertEquals(Runtime.version().feature(), record.feature());
        assertEquals(ProbeClassPath.strings(elements), record.classPath());
        List<RecordEvent> events = record.events();
        byte[] probeBytes = java.nio.file.Files.readAllBytes(Path.of(probe.app.Probe.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI()).resolve("probe/app/Probe.class"));
        CRC32C crc = new CRC32C();
        crc.update(probeBytes);
        assertTrue(events.contains(new RecordEvent.Found(EntryKind.CLASS, 0, (int) crc.getValue(), probeBytes.length,
                "probe/app/Probe.class")), events.toString());
        assertEquals("0,1,2", record.properties().get(PilotRecord.CLASS_PATH_ORIGINS),
                "which origin each given class-path element became");
        assertTrue(events.contains(found(EntryKind.RESOURCE, 1, "from b", "probe/app/jar-stream.txt")), events.toString());
        assertTrue(events.contains(found(EntryKind.RESOURCE, 2, "from c", "probe/app/folder-stream.txt")), events.toString());
        // getResources: one Found per origin, in class-path order
        List<Integer> origins = new ArrayList<>();
        for (RecordEvent event : events) {
            if (event instanceof RecordEvent.Found found && found.name().equals("probe/app/shared.txt")) {
                origins.add(found.origin());
            }
        }
        assertEquals(List.of(0, 1, 2), origins);
        assertTrue(events.contains(new RecordEvent.Absent("probe/app/Absent.class")));
        assertTrue(events.contains(new RecordEvent.Absent("probe/app/missing.txt")));
        assertTrue(events.contains(new RecordEvent.Found(EntryKind.DIRECTORY, 2, 0, 0, "")));
        assertTrue(events.contains(new RecordEvent.Found(EntryKind.DIRECTORY, 0, 0, 0, "dir")));
        assertEquals(events.size(), new java.util.HashSet<>(events).size(), "each event once");
        assertTrue(indexOfFound(events, "dir/inside.txt") < indexOfFound(events, "probe/app/shared.txt"),
                "first-use order: the probe asks for dir/inside.txt before probe/app/shared.txt");
    }

    private static RecordEvent.Found found(EntryKind kind, int origin, String content, String name) {
        byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return new RecordEvent.Found(kind, origin, (int) crc.getValue(), bytes.length, name);
    }

    private static int indexOfFound(List<RecordEvent> events, String name) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof RecordEvent.Found found && found.name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findLibraryLeavesTheJdksOwnLibrariesToTheJdk() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        FanloadClassLoader loader = new FanloadClassLoader(hooksParent(), settings(Mode.PLAIN, elements));
        assertEquals(null, loader.findLibrary("net"));
        assertEquals(null, loader.findLibrary("no-such-library-anywhere"));
        assertNotNull(loader.toString());
    }
}
