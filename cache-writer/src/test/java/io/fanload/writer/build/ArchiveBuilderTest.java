package io.fanload.writer.build;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.archive.Records;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.image.NodeImages;
import io.fanload.writer.source.BuildException;
import io.fanload.writer.testing.Jars;
import io.fanload.writer.testing.Natives;
import io.fanload.writer.testing.PilotFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static io.fanload.writer.testing.Jars.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveBuilderTest {

    @TempDir
    Path dir;

    private static final byte[] MANIFEST = utf8("Manifest-Version: 1.0\r\nImplementation-Version: 4.2\r\n\r\n");

    private Path appJar() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", MANIFEST);
        entries.put("com/", new byte[0]);
        entries.put("com/x/", new byte[0]);
        entries.put("com/x/Main.class", utf8("main-class-bytes".repeat(50)));
        entries.put("com/x/Helper.class", utf8("helper-class-bytes".repeat(50)));
        entries.put("com/x/Rare.class", utf8("rare"));
        entries.put("META-INF/services/com.x.Spi", utf8("com.x.Impl\n"));
        entries.put("conf/app.properties", utf8("a=1\n"));
        return Jars.jar(dir.resolve("app.jar"), entries);
    }

    private Path libJar() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/services/com.x.Spi", utf8("com.lib.Impl\n"));
        entries.put("com/lib/Util.class", utf8("util"));
        return Jars.jar(dir.resolve("lib.jar"), entries);
    }

    @Test
    void mergesRanksAndAnswersEveryOriginInClassPathOrder() throws Exception {
        Path app = appJar();
        Path lib = libJar();
        Path classes = Files.createDirectories(dir.resolve("classes/com/y"));
        Files.writeString(classes.resolve("Local.class"), "local");
        Path classDir = dir.resolve("classes");
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).node("n1").classPath(app, lib, classDir)
                .found(0, "com/x/Main.class", utf8("main-class-bytes".repeat(50)))
                .found(0, "META-INF/services/com.x.Spi", utf8("com.x.Impl\n"))
                .found(1, "META-INF/services/com.x.Spi", utf8("com.lib.Impl\n"))
                .found(2, "com/y/Local.class", utf8("local"))
                .absent("com/x/Missing.class")
                .directory(0, "com/x/")
                .found(0, "com/x/Helper.class", utf8("helper-class-bytes".repeat(50)))
                .writeInto(pilot);
        new PilotFixture(1, 17).node("n2").classPath(app, lib, classDir)
                .found(0, "com/x/Main.class", utf8("main-class-bytes".repeat(50)))
                .found(0, "com/x/Rare.class", utf8("rare"))
                .absent("com/x/Missing.class")
                .writeInto(pilot);

        Path archive = dir.resolve("app.fanload");
        BuildResult result = ArchiveBuilder.build(pilot, archive);
        assertEquals(7, result.names());
        assertEquals(1, result.absent());
        assertTrue(result.storedBytes() < result.rawBytes(), "class bytes compress");
        assertTrue(String.join("\n", result.pilot().differences()).contains("com/x/Rare.class (ranks 1)"),
                result.pilot().differences().toString());

        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            assertEquals(17, reader.feature());
            assertEquals(3, reader.originCount());
            assertEquals(app.toString(), reader.origin(0).path());
            assertEquals(ArchiveFormat.ORIGIN_DIRECTORY, reader.origin(2).kind());
            int spi = reader.findName("META-INF/services/com.x.Spi");
            assertEquals(2, reader.nameHitCount(spi), "every origin's hit for getResources");
            assertEquals(0, reader.hitOrigin(reader.nameFirstHit(spi)));
            assertEquals(1, reader.hitOrigin(reader.nameFirstHit(spi) + 1));
            assertEquals(0, reader.nameHitCount(reader.findName("com/x/Missing.class")));
            assertEquals(EntryKind.DIRECTORY, reader.hitKind(reader.nameFirstHit(reader.findName("com/x/"))));
            assertEquals(1_700_000_000_000L, reader.hitLastModified(reader.nameFirstHit(reader.findName("com/x/Main.class"))));
            // The origin's manifest is stored once and referenced for definePackage.
            Records.Hit manifest = reader.hit(reader.origin(0).manifestHit());
            assertEquals(MANIFEST.length, manifest.rawLength());
            // Data region in global first-use order: Main (rank 0 and 1 position 0) before Helper (rank 0 position 6).
            long main = reader.hit(reader.nameFirstHit(reader.findName("com/x/Main.class"))).dataOffset();
            long helper = reader.hit(reader.nameFirstHit(reader.findName("com/x/Helper.class"))).dataOffset();
            assertTrue(main < helper);
            // Sources: the two jars and the one class-path file read.
            assertEquals(3, reader.sourceCount());
            assertArrayEquals(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(app)),
                    reader.source(0).sha256());
            assertEquals("2", reader.provenance("pilot.ranks"));
            assertEquals("java -cp app.jar Main", reader.provenance("command"));
        }
    }

    @Test
    void aFolderEntryThePilotsJdkFoundAbsentStaysAbsent() throws Exception {
        // ClassGraph asks getResources(""): JDK 17 answers a multi-release jar's META-INF/versions/9/,
        // JDK 25 answers nothing. A JDK 25 pilot recorded it absent; the build must not call that stale.
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\r\nMulti-Release: true\r\n\r\n"));
        entries.put("META-INF/versions/9/", new byte[0]);
        entries.put("META-INF/versions/9/module-info.class", utf8("mi"));
        entries.put("com/m/V.class", utf8("base"));
        Path mr = Jars.jar(dir.resolve("mr.jar"), entries);
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 25).classPath(mr).found(0, "com/m/V.class", utf8("base")).absent("").writeInto(pilot);
        Path archive = dir.resolve("mr.fanload");
        ArchiveBuilder.build(pilot, archive);
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            int row = reader.findName("");
            assertTrue(row >= 0, "\"\" is in the archive");
            assertEquals(0, reader.nameHitCount(row), "as the negative entry the pilot recorded");
        }
        Path changed = Files.createDirectories(dir.resolve("pilot-file"));
        new PilotFixture(0, 25).classPath(mr).absent("com/m/V.class").writeInto(changed);
        assertThrows(BuildException.class, () -> ArchiveBuilder.build(changed, dir.resolve("x.fanload")),
                "a file the pilot found absent is still a changed class path");
    }

    @Test
    void multiReleaseJarIsResolvedForThePilotsFeatureRelease() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", utf8("Manifest-Version: 1.0\r\nMulti-Release: true\r\n\r\n"));
        entries.put("com/m/V.class", utf8("base"));
        entries.put("META-INF/versions/11/com/m/V.class", utf8("v11"));
        entries.put("META-INF/versions/17/com/m/V.class", utf8("v17"));
        entries.put("META-INF/versions/21/com/m/V.class", utf8("v21"));
        entries.put("META-INF/versions/11/com/m/Only11.class", utf8("only11"));
        Path mr = Jars.jar(dir.resolve("mr.jar"), entries);
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(mr).found(0, "com/m/V.class", utf8("v17"))
                .found(0, "com/m/Only11.class", utf8("only11")).writeInto(pilot);
        Path archive = dir.resolve("mr.fanload");
        ArchiveBuilder.build(pilot, archive);
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(archive, layout);
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertTrue(image.origin(0).multiRelease());
            assertEquals("v17", text(image, "com/m/V.class"));
            assertEquals("only11", text(image, "com/m/Only11.class"));
            // The JDK itself agrees on what a JDK 17 rank gets.
            try (JarFile jdk = new JarFile(mr.toFile(), false, java.util.zip.ZipFile.OPEN_READ, Runtime.Version.parse("17"));
                 InputStream in = jdk.getInputStream(jdk.getJarEntry("com/m/V.class"))) {
                assertEquals("v17", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        Path pilot25 = Files.createDirectories(dir.resolve("pilot25"));
        new PilotFixture(0, 25).classPath(mr).found(0, "com/m/V.class", utf8("v21")).writeInto(pilot25);
        ArchiveBuilder.build(pilot25, dir.resolve("mr25.fanload"));
        try (ArchiveReader reader = ArchiveReader.open(dir.resolve("mr25.fanload"))) {
            assertEquals(25, reader.feature());
            assertThrows(IOException.class, () -> reader.requireFeature(17));
        }
    }

    @Test
    void duplicateEntriesAndDataDescriptorsAreReadLikeTheJdk() throws Exception {
        List<Map.Entry<String, byte[]>> entries = List.of(
                Map.entry("dup.txt", utf8("first")), Map.entry("dup.txt", utf8("second")),
                Map.entry("big.bin", new byte[300_000]));
        Path streamed = Jars.jar(dir.resolve("streamed.jar"), entries, true);
        String jdkChoice;
        try (JarFile jdk = new JarFile(streamed.toFile()); InputStream in = jdk.getInputStream(jdk.getEntry("dup.txt"))) {
            jdkChoice = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(streamed).found(0, "dup.txt", utf8(jdkChoice))
                .found(0, "big.bin", new byte[300_000]).writeInto(pilot);
        ArchiveBuilder.build(pilot, dir.resolve("a.fanload"));
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(dir.resolve("a.fanload"), layout);
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertEquals(jdkChoice, text(image, "dup.txt"), "the duplicate the pilot's JVM got");
            assertEquals(300_000, image.hitRawLength(image.nameFirstHit(image.findName("big.bin"))));
        }
        // Where no rank recorded the content (here: a second origin), the JDK's choice is the default.
        Path copy = Files.copy(streamed, dir.resolve("copy.jar"));
        Path pilot2 = Files.createDirectories(dir.resolve("pilot2"));
        new PilotFixture(0, 17).classPath(streamed, copy).found(0, "dup.txt", utf8(jdkChoice)).writeInto(pilot2);
        ArchiveBuilder.build(pilot2, dir.resolve("b.fanload"));
        NodeImages.install(dir.resolve("b.fanload"), new NodeImageLayout(dir.resolve("node2")));
        try (ArchiveReader image = ArchiveReader.open(new NodeImageLayout(dir.resolve("node2")).image())) {
            int row = image.findName("dup.txt");
            assertEquals(2, image.nameHitCount(row));
            assertEquals(jdkChoice, new String(image.rawBytes(image.nameFirstHit(row) + 1), StandardCharsets.UTF_8));
        }
    }

    @Test
    void zip64JarWithMoreThan65535EntriesIsRead() throws Exception {
        List<Map.Entry<String, byte[]>> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            entries.add(Map.entry("r/e" + i, utf8(Integer.toString(i))));
        }
        Path jar = Jars.jar(dir.resolve("zip64.jar"), entries, false);
        try (JarFile jdk = new JarFile(jar.toFile())) {
            assertEquals(70_000, jdk.size(), "the JDK reads it as zip64");
        }
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(jar).found(0, "r/e69999", utf8("69999")).writeInto(pilot);
        ArchiveBuilder.build(pilot, dir.resolve("z.fanload"));
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(dir.resolve("z.fanload"), layout);
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            assertEquals("69999", text(image, "r/e69999"));
        }
    }

    @Test
    void nativesKeepSonameAndNeededList() throws Exception {
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Natives.sharedObject(libs, "libbar.so", "libbar.so.1", "int bar(void) { return 42; }");
        Files.createSymbolicLink(libs.resolve("libbar.so.1"), Path.of("libbar.so"));
        Path foo = Natives.sharedObject(libs, "libfoo.so", null, "int bar(void); int foo(void) { return bar(); }", "bar");
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(appJar()).library("foo", foo).mapped(libs.resolve("libbar.so")).writeInto(pilot);
        ArchiveBuilder.build(pilot, dir.resolve("n.fanload"));
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(dir.resolve("n.fanload"), layout);
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            Records.Native fooLib = image.nativeAt(image.findNative("libfoo.so"));
            assertTrue(fooLib.needed().contains("libbar.so.1"), fooLib.needed().toString());
            assertEquals(ArchiveFormat.NATIVE_BY_NAME, fooLib.flags());
            Records.Native barLib = image.nativeAt(image.findNative("libbar.so"));
            assertEquals("libbar.so.1", barLib.soname());
            assertEquals(ArchiveFormat.NATIVE_MAPPED, barLib.flags());
        }
        assertArrayEquals(Files.readAllBytes(foo), Files.readAllBytes(layout.libraries().resolve("libfoo.so")));
        assertTrue(Files.isSymbolicLink(layout.libraries().resolve("libbar.so.1")), "DT_NEEDED name resolves in lib/");
    }

    @Test
    void signedJarKeepsTheSignersTheJdkVerified() throws Exception {
        Path jar = Jars.jar(dir.resolve("signed.jar"), Map.of("com/s/Signed.class", utf8("signed-bytes")));
        Path keystore = dir.resolve("ks.p12");
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        run(bin.resolve("keytool").toString(), "-genkeypair", "-keystore", keystore.toString(), "-storepass", "secret1",
                "-keypass", "secret1", "-alias", "signer", "-keyalg", "EC", "-dname", "CN=fanload test", "-validity", "2");
        run(bin.resolve("jarsigner").toString(), "-keystore", keystore.toString(), "-storepass", "secret1",
                jar.toString(), "signer");
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(jar).found(0, "com/s/Signed.class", utf8("signed-bytes")).writeInto(pilot);
        ArchiveBuilder.build(pilot, dir.resolve("s.fanload"));
        NodeImageLayout layout = new NodeImageLayout(dir.resolve("node"));
        NodeImages.install(dir.resolve("s.fanload"), layout);
        try (ArchiveReader image = ArchiveReader.open(layout.image())) {
            int hit = image.nameFirstHit(image.findName("com/s/Signed.class"));
            assertTrue(image.hitSignerSet(hit) >= 0);
            var signers = image.signers(image.hitSignerSet(hit));
            assertEquals(1, signers.length);
            assertTrue(signers[0].getSignerCertPath().getCertificates().get(0).toString().contains("CN=fanload test"));
        }
        // A tampered signed class is refused, never packed with the old signature.
        byte[] bytes = Files.readAllBytes(jar);
        Path tampered = dir.resolve("tampered.jar");
        Jars.jar(tampered, List.of(Map.entry("com/s/Signed.class", utf8("evil-bytes!!"))), false);
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(bytes))) {
            Map<String, byte[]> copy = new LinkedHashMap<>();
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                copy.put(e.getName(), e.getName().equals("com/s/Signed.class") ? utf8("evil-bytes!!") : in.readAllBytes());
            }
            Jars.jar(tampered, copy);
        }
        Path pilot2 = Files.createDirectories(dir.resolve("pilot2"));
        new PilotFixture(0, 17).classPath(tampered).found(0, "com/s/Signed.class", utf8("evil-bytes!!")).writeInto(pilot2);
        BuildException e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot2, dir.resolve("t.fanload")));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void aSourceThatChangedSinceThePilotIsRefusedAndNothingIsLeft() throws Exception {
        Path app = appJar();
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(app).found(0, "com/x/Main.class", utf8("old bytes")).writeInto(pilot);
        Path out = dir.resolve("out/app.fanload");
        Files.createDirectories(out.getParent());
        BuildException e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot, out));
        assertTrue(e.getMessage().contains("changed since the pilot"), e.getMessage());
        try (var files = Files.list(out.getParent())) {
            assertEquals(List.of(), files.toList(), "no half-written archive, no temp file");
        }
        Path pilot2 = Files.createDirectories(dir.resolve("pilot2"));
        new PilotFixture(0, 17).classPath(app).absent("conf/app.properties").writeInto(pilot2);
        e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot2, out));
        assertTrue(e.getMessage().contains("found nowhere"), e.getMessage());
        Path pilot3 = Files.createDirectories(dir.resolve("pilot3"));
        new PilotFixture(0, 17).classPath(dir.resolve("gone.jar")).found(0, "a.class", utf8("a")).writeInto(pilot3);
        e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot3, out));
        assertTrue(e.getMessage().contains("gone.jar"), e.getMessage());
        Path pilot4 = Files.createDirectories(dir.resolve("pilot4"));
        new PilotFixture(0, 17).classPath(app).library("gone", dir.resolve("libgone.so")).writeInto(pilot4);
        e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot4, out));
        assertTrue(e.getMessage().contains("libgone.so"), e.getMessage());
    }

    @Test
    void zipBombIsRefusedWithOneLine() throws Exception {
        Path bomb = Jars.jar(dir.resolve("bomb.jar"), Map.of("zeros.bin", new byte[64 << 20]));
        assertTrue(Files.size(bomb) < 1 << 20);
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(bomb).found(0, "zeros.bin", new byte[64 << 20]).writeInto(pilot);
        BuildException e = assertThrows(BuildException.class, () -> ArchiveBuilder.build(pilot, dir.resolve("b.fanload")));
        assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void ranksOnDifferentFeatureReleasesCannotBeMerged() throws Exception {
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        new PilotFixture(0, 17).classPath(appJar()).writeInto(pilot);
        new PilotFixture(1, 25).classPath(appJar()).writeInto(pilot);
        IOException e = assertThrows(IOException.class, () -> ArchiveBuilder.build(pilot, dir.resolve("x.fanload")));
        assertTrue(e.getMessage().contains("feature"), e.getMessage());
    }

    private static String text(ArchiveReader reader, String name) throws IOException {
        int hit = reader.nameFirstHit(reader.findName(name));
        return new String(reader.rawBytes(hit), StandardCharsets.UTF_8);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), Arrays.toString(command) + ": " + output);
    }
}
