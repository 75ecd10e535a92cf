package io.fanload.hooks.rank;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.loader.FanloadClassLoader;
import io.fanload.hooks.testing.ChildJvm;
import io.fanload.hooks.testing.ProbeClassPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankJvmOptionsTest {

    @TempDir
    Path dir;

    /** Run on the JDK under test: with the loader and these options, stdout and stderr are plain java's. */
    @Test
    void keepsTheOutputOfPlainJava() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        String classPath = String.join(File.pathSeparator, ProbeClassPath.strings(elements));
        ChildJvm.Result plain = ChildJvm.run(dir.resolve("plain"), List.of("-cp", classPath, "probe.app.ExitProbe"));
        List<String> arguments = new ArrayList<>(RankJvmOptions.quiet(Runtime.version().feature()));
        arguments.addAll(List.of("-Djava.system.class.loader=io.fanload.hooks.loader.FanloadClassLoader",
                "-Dfanload.classpath=" + classPath));
        arguments.addAll(RankJvmOptions.loaderPath(ChildJvm.hooksClassPath()));
        arguments.add("probe.app.ExitProbe");
        ChildJvm.Result ours = ChildJvm.run(dir.resolve("ours"), arguments);
        assertEquals(plain, ours);
        assertEquals(new ChildJvm.Result(0, "ready\n", ""), ours);
    }

    /** The loader and what it loads before main come from the boot class path, not the application loader. */
    @Test
    void loaderHooksComesFromTheBootClassPath() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        String classPath = String.join(File.pathSeparator, ProbeClassPath.strings(elements));
        Path log = dir.resolve("class-load.log");
        List<String> arguments = new ArrayList<>(RankJvmOptions.quiet(Runtime.version().feature()));
        arguments.addAll(List.of("-Xlog:class+load=info:file=" + log, "-Djava.system.class.loader=" + FanloadClassLoader.class.getName(),
                "-Dfanload.classpath=" + classPath));
        arguments.addAll(RankJvmOptions.loaderPath(ChildJvm.hooksClassPath()));
        arguments.add("probe.app.ExitProbe");
        assertEquals(new ChildJvm.Result(0, "ready\n", ""), ChildJvm.run(dir.resolve("boot"), arguments));
        List<String> ours = Files.readAllLines(log).stream().filter(line -> line.contains(" io.fanload.hooks.")).toList();
        assertTrue(ours.stream().anyMatch(line -> line.contains(" " + FanloadClassLoader.class.getName() + " ")), ours.toString());
        for (String line : ours) {
            // the boot loader's source is a bare path; the application loader's a file: URL
            assertFalse(line.contains("source: file:"), line);
        }
    }

    @Test
    void choosesOptionsTheRunningJdkAccepts() {
        assertEquals(List.of("-XX:-PrintWarnings"), RankJvmOptions.quiet(17));
        assertTrue(RankJvmOptions.quiet(25).containsAll(List.of("-Xlog:cds=off", "-Xlog:aot=off",
                "--enable-native-access=ALL-UNNAMED")));
        assertFalse(RankJvmOptions.quiet(25).contains("-XX:-PrintWarnings"));
    }

    @Test
    void servingRanksGetTheImagesLibraryAndTemporaryFolders() {
        NodeImageLayout layout = new NodeImageLayout(Path.of("/dev/shm/fanload-1-0"));
        List<String> options = RankJvmOptions.serve(25, "/shared/app.jar", layout, "/shared/lib", 3,
                Path.of("/dev/shm/fanload-1-0/rank-3.counters"), true);
        assertTrue(options.contains("-Djava.library.path=/dev/shm/fanload-1-0/lib"), options.toString());
        assertTrue(options.contains("-Djava.io.tmpdir=/dev/shm/fanload-1-0/tmp"));
        assertTrue(options.contains("-Djna.tmpdir=/dev/shm/fanload-1-0/tmp"), "JNA's own choice is the home folder");
        assertTrue(options.contains("-Dfanload.library.path=/shared/lib"));
        assertTrue(options.contains("-Dfanload.strict=true"));
        assertTrue(options.contains("-Dfanload.mode=serve"));
        assertTrue(options.contains("-Dfanload.rank=3"));
        assertEquals("/dev/shm/fanload-1-0/lib:/usr/local/lib",
                RankJvmOptions.serveEnvironment(layout, Map.of("LD_LIBRARY_PATH", "/usr/local/lib")).get("LD_LIBRARY_PATH"));
        assertEquals("/dev/shm/fanload-1-0/lib", RankJvmOptions.serveEnvironment(layout, Map.of()).get("LD_LIBRARY_PATH"));
    }
}
