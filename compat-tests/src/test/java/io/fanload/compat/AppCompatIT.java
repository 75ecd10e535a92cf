package io.fanload.compat;

import io.fanload.hooks.testing.TestJars;

import compat.probe.JnaProbe;
import compat.probe.Lz4Probe;
import compat.probe.SnappyProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real applications from Maven Central (copied to target/apps by the build), recorded then served. */
class AppCompatIT {

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    /** Copies the app jar whose file name starts with {@code prefix} into the shared folder. */
    private Path app(String prefix) throws IOException {
        return Apps.copy(shared(), prefix).get(0);
    }

    private Path probe(Class<?> main) throws IOException {
        return TestJars.jar(shared().resolve("probe.jar"), null, TestJars.classes(main));
    }

    @Test
    void h2ShellRunsAQuery() throws Exception {
        Pipeline pipeline = new Pipeline(work, shared(), List.of(app("h2-")), "org.h2.tools.Shell",
                "-url", "jdbc:h2:mem:compat", "-user", "sa", "-sql",
                "CREATE TABLE T(ID INT, NAME VARCHAR(10)); INSERT INTO T VALUES(1,'a'),(2,'b'); "
                        + "SELECT ID, NAME, ID*7 AS X FROM T ORDER BY ID")
                // H2's Shell prints each statement's duration: "(2 rows, 38 ms)"
                .normalize(out -> out.replaceAll(", \\d+ ms\\)", ", T ms)"));
        Pipeline.Served served = pipeline.checkRecordThenServe();
        assertTrue(served.run().out().contains("2  | b    | 14"), served.run().out());
    }

    @Test
    void nashornEvaluatesAScript() throws Exception {
        List<Path> classPath = new ArrayList<>(List.of(app("nashorn-core-")));
        for (String asm : List.of("asm-7", "asm-commons-", "asm-tree-", "asm-util-", "asm-analysis-")) {
            classPath.add(app(asm));
        }
        // the script is the job's input, not part of the class path
        Path script = Files.writeString(Files.createDirectories(work.resolve("input")).resolve("script.js"),
                "var list = [3, 1, 2].sort();\nprint('nashorn ' + (6 * 7) + ' ' + list.join(',') + ' ' + java.lang.Math.max(4, 9));\n");
        Pipeline.Served served = new Pipeline(work, shared(), classPath, "org.openjdk.nashorn.tools.Shell",
                script.toString()).checkRecordThenServe();
        assertTrue(served.run().out().contains("nashorn 42 1,2,3 9"), served.run().out());
    }

    @Test
    void rhinoEvaluatesAScript() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), List.of(app("rhino-")),
                "org.mozilla.javascript.tools.shell.Main", "-e",
                "print('rhino ' + (6 * 7) + ' ' + [3, 1, 2].sort().join(',') + ' ' + java.lang.Math.max(4, 9))")
                .checkRecordThenServe();
        assertTrue(served.run().out().contains("rhino 42 1,2,3 9"), served.run().out());
    }

    @Test
    void snappyJavaCompressesWithItsExtractedJniLibrary() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), List.of(probe(SnappyProbe.class), app("snappy-java-")),
                "compat.probe.SnappyProbe").checkRecordThenServe();
        assertTrue(served.run().out().contains("round trip true"), served.run().out());
    }

    @Test
    void lz4JavaCompressesWithItsNativeInstance() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), List.of(probe(Lz4Probe.class), app("lz4-java-")),
                "compat.probe.Lz4Probe").checkRecordThenServe();
        assertTrue(served.run().out().contains("round trip true"), served.run().out());
    }

    @Test
    void jnaCallsLibc() throws Exception {
        // On Linux JNA extracts into $XDG_CACHE_HOME/JNA/temp (else ~/.cache): a home on the shared file system.
        Path home = Files.createDirectories(shared().resolve("home/.cache"));
        Pipeline.Served served = new Pipeline(work, shared(), List.of(probe(JnaProbe.class), app("jna-")),
                "compat.probe.JnaProbe").env("XDG_CACHE_HOME", home.toString()).checkRecordThenServe();
        assertTrue(served.run().out().contains("jna: strlen=7 abs=42"), served.run().out());
    }
}
