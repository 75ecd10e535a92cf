package io.fanload.compat;

import compat.app.HomeMain;
import compat.app.OwnJarMain;
import compat.app.scan.Alpha;
import compat.app.scan.Beta;
import compat.app.scan.Marked;
import compat.app.scan.ScanMain;
import compat.app.scan.Unmarked;
import compat.boot.BootApp;
import compat.boot.Greeting;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Applications that read their jars as files, beside the class loader: a Spring Boot executable jar
 * (its launcher opens the jar it came from and loads the nested jars itself), a ClassGraph scan
 * (opens every class-path element), and a main that opens its own jar as a zip file system.
 */
class OwnJarCompatIT {

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    @Test
    void springBootExecutableJarWithNestedJars() throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>(TestJars.classes(BootApp.class, Greeting.class));
        classes.putAll(TestJars.text("application.properties", "compat.greeting=hello\nlogging.level.root=warn\n",
                "greeting.txt", "nested jars"));
        Path app = BootJar.write(shared().resolve("boot-app.jar"), Apps.jar("spring-boot-loader-"), BootApp.class.getName(),
                classes, Apps.folder("boot"));
        Pipeline.Served served = Pipeline.executableJar(work, shared(), app).checkRecordThenServe();
        String out = served.run().out();
        assertTrue(out.contains(":: Spring Boot ::"), out);
        assertTrue(out.endsWith("boot: hello, nested jars, loaded by org.springframework.boot.loader.launch.LaunchedClassLoader\n"), out);
    }

    @Test
    void classGraphScansEveryClassPathElement() throws Exception {
        List<Path> classPath = new ArrayList<>();
        classPath.add(TestJars.jar(shared().resolve("scan-app.jar"), null, TestJars.classes(ScanMain.class, Marked.class,
                Alpha.class, Unmarked.class)));
        Map<String, byte[]> plugin = new LinkedHashMap<>(TestJars.classes(Beta.class));
        plugin.putAll(TestJars.text("compat/app/scan/note.txt", "from the plugin jar"));
        classPath.add(TestJars.jar(shared().resolve("scan-plugin.jar"), null, plugin));
        classPath.addAll(Apps.copy(shared(), "classgraph-"));
        Pipeline.Served served = new Pipeline(work, shared(), classPath, ScanMain.class.getName()).checkRecordThenServe();
        String out = served.run().out();
        assertTrue(out.startsWith("marked compat.app.scan.Alpha first in scan-app.jar\nmarked compat.app.scan.Beta second in scan-plugin.jar\n"
                + "resource compat/app/scan/note.txt: from the plugin jar\n"), out);
    }

    @Test
    void aMainOpensItsOwnJarAsAZipFileSystem() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(TestJars.classes(OwnJarMain.class));
        entries.putAll(TestJars.text("compat/app/own.txt", "read through the zip file system"));
        Path jar = TestJars.jar(shared().resolve("own.jar"), null, entries);
        Pipeline.Served served = new Pipeline(work, shared(), List.of(jar), OwnJarMain.class.getName()).checkRecordThenServe();
        assertEquals("own jar own.jar\n  /compat/app/OwnJarMain.class\n  /compat/app/own.txt\nread through the zip file system\n",
                served.run().out());
    }

    @Test
    void aMainFindsItsHomeFromItsJarAndUsesWhatItKeepsThere() throws Exception {
        Path home = Files.createDirectories(shared().resolve("home"));
        Path jar = TestJars.jar(Files.createDirectories(home.resolve("bin")).resolve("home.jar"), null,
                TestJars.classes(HomeMain.class));
        Files.writeString(Files.createDirectories(home.resolve("conf")).resolve("greeting.txt"), "hello from conf");
        Path libJar = TestJars.jar(Files.createDirectories(home.resolve("lib")).resolve("lib.jar"), null,
                TestJars.text("lib/message.txt", "hello from lib"));
        Pipeline pipeline = new Pipeline(work, shared(), List.of(jar), HomeMain.class.getName());
        Pipeline.Run plain = pipeline.plain();
        assertEquals("home has [bin, conf, lib]\nhello from conf\nlib says hello from lib\n", plain.out(), plain.err());
        pipeline.pilot(1);
        Pipeline.Served served = pipeline.serve("served", false, Strace.available(), null);
        assertEquals(plain.out(), served.run().out(), served.run().err());
        Path copy = Path.of(pipeline.image().copyOf(libJar.toRealPath().toString()));
        assertTrue(Files.isRegularFile(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS), copy + " is a copy, not a link");
        assertTrue(Files.isSymbolicLink(Path.of(pipeline.image().copyOf(home.resolve("conf").toRealPath().toString()))));
        if (Strace.available()) {
            // lib/lib.jar was open at the pilot's exit: carried whole. conf/ is read where it is, through a link.
            for (String folder : List.of("bin", "lib")) {
                String path = home.resolve(folder).toString();
                assertTrue(served.sharedTouches().stream().noneMatch(touch -> touch.contains(path)),
                        folder + ": " + String.join("\n", served.sharedTouches()));
            }
        }
    }
}
