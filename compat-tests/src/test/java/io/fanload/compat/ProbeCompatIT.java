package io.fanload.compat;

import compat.probe.Greeter;
import compat.probe.HelloGreeter;
import compat.probe.JniProbe;
import compat.probe.MultiReleaseProbe;
import compat.probe.ResourceProbe;
import compat.probe.SignedProbe;
import compat.probe.mr.Decoy;
import compat.probe.mr.Version;
import io.fanload.hooks.testing.TestJars;
import probe.race.Race;
import io.fanload.hooks.archive.ArchiveReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Probe programs for the cases custom loaders have got wrong: resource lookups (compared with the
 * JDK's own loader, which is what plain {@code java -cp} runs), signed and multi-release jars, a
 * JNI library with a DT_NEEDED dependency, misses and strict mode.
 */
class ProbeCompatIT {

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    /** Two jars and a folder: a directory entry, an implied directory, one name in all three, a service. */
    private List<Path> resourceClassPath() throws IOException {
        Manifest manifest = TestJars.manifest("Implementation-Version", "3.4", "Implementation-Title", "probe",
                "Specification-Title", "compat");
        Attributes race = new Attributes();
        race.putValue("Implementation-Title", "race");
        manifest.getEntries().put("probe/race/", race);
        Map<String, byte[]> a = new LinkedHashMap<>(TestJars.classes(ResourceProbe.class, Greeter.class, Race.class));
        a.put("dir/", new byte[0]);
        a.putAll(TestJars.text("dir/inside.txt", "inside", "compat/probe/shared.txt", "a", "compat/probe/with space.txt", "s"));
        Path jarA = TestJars.jar(shared().resolve("a.jar"), manifest, a);
        Map<String, byte[]> b = new LinkedHashMap<>(TestJars.classes(HelloGreeter.class));
        b.putAll(TestJars.text("compat/probe/shared.txt", "b", "dir2/file.txt", "f", "extra/unread-in-jar.txt", "u",
                "META-INF/services/compat.probe.Greeter", "compat.probe.HelloGreeter\n"));
        Path jarB = TestJars.jar(shared().resolve("b.jar"), TestJars.manifest("Implementation-Title", "b"), b);
        Path folder = Files.createDirectories(shared().resolve("classes"));
        Files.createDirectories(folder.resolve("dir"));
        Files.createDirectories(folder.resolve("compat/probe"));
        Files.writeString(folder.resolve("compat/probe/shared.txt"), "c");
        return List.of(jarA, jarB, folder);
    }

    @Test
    void resourcesPackagesAndServicesAreThoseOfPlainJava() throws Exception {
        Pipeline pipeline = new Pipeline(work, shared(), resourceClassPath(), "compat.probe.ResourceProbe");
        Pipeline.Served served = pipeline.checkRecordThenServe();
        String out = served.run().out();
        assertTrue(out.contains("getResources(compat/probe/shared.txt): [[a]"), out);
        assertTrue(out.contains("race: 12 classes, one package: true, race 3.4"), out);
        assertTrue(out.contains("service (context loader): hello from HelloGreeter"), out);
        assertTrue(out.contains("reparsed=true uri=true"), out);
        assertFalse(out.contains("reparsed=false") || out.contains("uri=false"), out);
        assertFalse(out.contains("modified=0 "), "last-modified times come from the archive: " + out);
        // "file:" + the folder: a node-local copy's path (<image>/cp/<original path>) contains the original one
        assertFalse(served.run().err().contains("file:" + shared()), "a URL names an original path: " + served.run().err());
        assertTrue(served.run().err().contains("code source: file:" + work.resolve("node")), served.run().err());
    }

    @Test
    void aMissIsServedFromTheNodeLocalCopiesAndStrictStopsTheRank() throws Exception {
        List<Path> classPath = resourceClassPath();
        Files.writeString(shared().resolve("classes/compat/probe/unread.txt"), "in the folder, never read by the pilot");
        Pipeline pipeline = new Pipeline(work, shared(), classPath, "compat.probe.ResourceProbe");
        pipeline.pilot(1);
        // a name in no element: answered absent from the jars' copies and the folder's listing, no probe
        String unseen = "--also=compat/probe/with space.txt.unseen";
        Pipeline.Served missed = pipeline.serve("missed", false, Strace.available(), null, unseen);
        assertEquals(0, missed.run().exit(), missed.run().err());
        assertTrue(missed.run().out().contains("also compat/probe/with space.txt.unseen: null"), missed.run().out());
        assertEquals(1, missed.counter("misses"), missed.counters().toString());
        assertEquals(0, missed.counter("sharedFsLoads"), missed.counters().toString());
        assertEquals("compat/probe/with space.txt.unseen", missed.counters().getProperty("missed.0"));
        if (Strace.available()) {
            assertEquals(List.of(), missed.sharedTouches(), "a miss is answered on the node");
        }
        // a jar entry the pilot never read: from the node-local copy of the jar, as plain java reads it
        String jarEntry = "--also=extra/unread-in-jar.txt";
        Pipeline.Served fromCopy = pipeline.serve("from-copy", false, Strace.available(), null, jarEntry);
        Pipeline.Run plainJar = new Pipeline(work.resolve("plain-jar"), shared(), classPath, "compat.probe.ResourceProbe",
                jarEntry).plain();
        assertEquals(alsoLine(plainJar.out()), alsoLine(fromCopy.run().out()));
        assertEquals(1, fromCopy.counter("misses"), fromCopy.counters().toString());
        assertEquals(0, fromCopy.counter("sharedFsLoads"), fromCopy.counters().toString());
        if (Strace.available()) {
            assertEquals(List.of(), fromCopy.sharedTouches(), "served from the copy");
        }
        // a file the folder has that the pilot never read: the one miss that goes to the shared folder
        String folderFile = "--also=compat/probe/unread.txt";
        Pipeline.Served fromFolder = pipeline.serve("from-folder", false, Strace.available(), null, folderFile);
        Pipeline.Run plainFolder = new Pipeline(work.resolve("plain-folder"), shared(), classPath,
                "compat.probe.ResourceProbe", folderFile).plain();
        assertEquals(alsoLine(plainFolder.out()), alsoLine(fromFolder.run().out()));
        assertEquals(1, fromFolder.counter("sharedFsLoads"), fromFolder.counters().toString());
        if (Strace.available()) { // the check can fail: this miss does read the shared folder
            assertFalse(fromFolder.sharedTouches().isEmpty(), "strace saw no access for a listed, unread file");
        }
        Pipeline.Served strict = pipeline.serve("strict", true, false, null, unseen);
        assertEquals(86, strict.run().exit(), strict.run().err());
        List<String> ours = fanloadLines(strict.run().err());
        assertEquals(1, ours.size(), strict.run().err());
        assertTrue(ours.get(0).startsWith("fanload: rank 0: strict: 'compat/probe/with space.txt.unseen' is not in the archive"),
                strict.run().err());
    }

    private static String alsoLine(String out) {
        return out.lines().filter(line -> line.startsWith("also ")).findFirst().orElse("(no also line)");
    }

    @Test
    void aBrokenImageFallsBackWithOneLineOrFailsWhenStrict() throws Exception {
        Pipeline pipeline = new Pipeline(work, shared(), resourceClassPath(), "compat.probe.ResourceProbe");
        Pipeline.Run plain = pipeline.plain();
        pipeline.pilot(1);
        Path image = pipeline.image().image();
        byte[] bytes = Files.readAllBytes(image);
        bytes[bytes.length - 300] ^= 1; // inside the index: the metadata checksum fails at open
        Files.write(image, bytes);
        Pipeline.Served fallback = pipeline.serve("fallback", false, false, null);
        assertEquals(plain.out(), fallback.run().out());
        assertTrue(fanloadLines(fallback.run().err()).get(0).startsWith("fanload: rank 0: cannot serve ("), fallback.run().err());
        assertEquals("true", fallback.counters().getProperty("fallback"));
        Pipeline.Served strict = pipeline.serve("strict", true, false, null);
        assertEquals(86, strict.run().exit());
        assertEquals(List.of(strict.run().err().strip()), fanloadLines(strict.run().err()), "one line, nothing else");
    }

    @Test
    void anArchiveOfAnotherClassPathIsNotServed() throws Exception {
        List<Path> classPath = resourceClassPath();
        Pipeline pipeline = new Pipeline(work, shared(), classPath, "compat.probe.ResourceProbe");
        Pipeline.Run plain = pipeline.plain();
        pipeline.pilot(1);
        pipeline.image();
        // the same jars in another order: b.jar's shared.txt would now come first
        Pipeline reordered = new Pipeline(work, shared(), List.of(classPath.get(1), classPath.get(0), classPath.get(2)),
                "compat.probe.ResourceProbe");
        Pipeline.Served served = reordered.serve("reordered", false, false, null);
        assertEquals(0, served.run().exit(), served.run().err());
        assertTrue(served.run().out().contains("getResource(compat/probe/shared.txt): [b]"), served.run().out());
        assertFalse(served.run().out().equals(plain.out()));
        List<String> ours = fanloadLines(served.run().err());
        assertEquals(1, ours.size(), served.run().err());
        assertTrue(ours.get(0).contains("the archive was made for class path"), ours.get(0));
        assertEquals("true", served.counters().getProperty("fallback"));
    }

    @Test
    void anEntryThatFailsItsChecksumIsNeverRun() throws Exception {
        Pipeline pipeline = new Pipeline(work, shared(), resourceClassPath(), "compat.probe.ResourceProbe");
        Pipeline.Run plain = pipeline.plain();
        pipeline.pilot(1);
        Path image = pipeline.image().image();
        long offset;
        try (ArchiveReader reader = ArchiveReader.open(image)) {
            int row = reader.findName("compat/probe/HelloGreeter.class");
            offset = reader.hit(reader.nameFirstHit(row)).dataOffset();
        }
        byte[] bytes = Files.readAllBytes(image);
        bytes[(int) offset + 20] ^= 1;
        Files.write(image, bytes);
        Pipeline.Served served = pipeline.serve("corrupt", false, false, null);
        assertEquals(plain.out(), served.run().out());
        List<String> ours = fanloadLines(served.run().err());
        assertEquals(1, ours.size(), served.run().err());
        assertTrue(ours.get(0).contains("CRC32C") && ours.get(0).endsWith("loading compat/probe/HelloGreeter.class from the class path"),
                ours.get(0));
        assertEquals(1, served.counter("misses"), served.counters().toString());
        Pipeline.Served strict = pipeline.serve("strict", true, false, null);
        assertEquals(86, strict.run().exit());
        assertEquals(1, fanloadLines(strict.run().err()).size(), strict.run().err());
    }

    @Test
    void aSignedJarKeepsItsSigners() throws Exception {
        Path jar = TestJars.jar(shared().resolve("signed.jar"), TestJars.manifest("Implementation-Version", "9.9"),
                TestJars.classes(SignedProbe.class));
        String bin = Path.of(System.getProperty("java.home"), "bin").toString();
        Path keystore = work.resolve("keys.p12");
        run(List.of(bin + "/keytool", "-genkeypair", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit", "-alias", "probe", "-keyalg", "EC", "-dname", "CN=fanload-probe", "-validity", "7"));
        run(List.of(bin + "/jarsigner", "-keystore", keystore.toString(), "-storepass", "changeit", jar.toString(), "probe"));
        Pipeline.Served served = new Pipeline(work, shared(), List.of(jar), "compat.probe.SignedProbe")
                .cacheMayHoldNone("the JDK archives no class of a signed jar").checkRecordThenServe();
        assertTrue(served.run().out().startsWith("1 signer: CN=fanload-probe\npackage: 9.9\n"), served.run().out());
    }

    @Test
    void aMultiReleaseJarGivesTheRunningReleasesVersions() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.classes(MultiReleaseProbe.class));
        // the base entry holds another class's bytes: serving the base version could not define it
        entries.put(TestJars.entryName(Version.class), TestJars.classBytes(Decoy.class));
        entries.put("META-INF/versions/9/" + TestJars.entryName(Version.class), TestJars.classBytes(Version.class));
        entries.putAll(TestJars.text("compat/probe/mr/version.txt", "base", "META-INF/versions/9/compat/probe/mr/version.txt", "nine"));
        Path jar = TestJars.jar(shared().resolve("mr.jar"), TestJars.manifest("Multi-Release", "true"), entries);
        Pipeline.Served served = new Pipeline(work, shared(), List.of(jar), "compat.probe.MultiReleaseProbe")
                .checkRecordThenServe();
        assertEquals("class: versioned class\nresource: nine\n", served.run().out());
    }

    @Test
    void aJniLibraryWhoseDependencyIsOnlyInTheArchive() throws Exception {
        assumeTrue(commandWorks(List.of("gcc", "--version")), "gcc is needed to build the JNI library");
        Path libs = Files.createDirectories(shared().resolve("libs"));
        Path source = Files.createDirectories(work.resolve("src"));
        Files.writeString(source.resolve("dep.c"), "int fanload_dep_value(void) { return 41; }\n");
        // jint and JNIEnv* spelled out: the test needs no jni.h
        Files.writeString(source.resolve("probe.c"), "int fanload_dep_value(void);\n"
                + "int Java_compat_probe_JniProbe_answer(void *env, void *cls) { return fanload_dep_value() + 1; }\n");
        run(List.of("gcc", "-shared", "-fPIC", "-Wl,-soname,libfanloaddep.so", "-o", libs.resolve("libfanloaddep.so").toString(),
                source.resolve("dep.c").toString()));
        run(List.of("gcc", "-shared", "-fPIC", "-o", libs.resolve("libfanloadprobe.so").toString(),
                source.resolve("probe.c").toString(), "-L" + libs, "-lfanloaddep"));
        Path jar = TestJars.jar(shared().resolve("jni.jar"), null, TestJars.classes(JniProbe.class));
        Pipeline pipeline = new Pipeline(work, shared(), List.of(jar), "compat.probe.JniProbe")
                .option("-Djava.library.path=" + libs).env("LD_LIBRARY_PATH", libs.toString());
        Pipeline.Served served = pipeline.checkRecordThenServe();
        assertEquals("answer: 42\n", served.run().out());
        assertEquals(1, served.counter("nativesFromCache"));
        assertTrue(Files.isRegularFile(pipeline.image().libraries().resolve("libfanloaddep.so")));
        // without LD_LIBRARY_PATH the dependency is found too: the loader loads it first, by soname
        Map<String, String> bare = new LinkedHashMap<>(System.getenv());
        bare.remove("LD_LIBRARY_PATH");
        Pipeline.Served preloaded = pipeline.serve("preloaded", false, Strace.available(), bare);
        assertEquals("answer: 42\n", preloaded.run().out(), preloaded.run().err());
        assertEquals(List.of(), preloaded.sharedTouches());
    }

    /** fanload's own lines of a run's stderr (the probe also prints the URLs it saw there). */
    private static List<String> fanloadLines(String err) {
        return err.lines().filter(line -> line.startsWith("fanload: ")).toList();
    }

    private static boolean commandWorks(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path log = work.resolve("tool.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " did not end");
        assertEquals(0, process.exitValue(), command + ": " + Files.readString(log));
    }
}
