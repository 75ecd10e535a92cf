package io.fanload.compat;

import compat.app.SqliteMain;
import compat.app.ZstdMain;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Libraries that copy a JNI library out of their own jar into java.io.tmpdir and System.load it. */
class NativeExtractCompatIT {

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    private List<Path> classPath(Class<?> main, String libraryPrefix) throws IOException {
        List<Path> classPath = new ArrayList<>();
        classPath.add(TestJars.jar(shared().resolve("main.jar"), null, TestJars.classes(main)));
        classPath.addAll(Apps.copy(shared(), libraryPrefix));
        return classPath;
    }

    @Test
    void sqliteJdbcRunsAQuery() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), classPath(SqliteMain.class, "sqlite-jdbc-"), SqliteMain.class.getName())
                .checkRecordThenServe();
        assertTrue(served.run().out().startsWith("sqlite a,b,c 42 3."), served.run().out());
    }

    @Test
    void zstdJniRoundTrips() throws Exception {
        Pipeline.Served served = new Pipeline(work, shared(), classPath(ZstdMain.class, "zstd-jni-"), ZstdMain.class.getName())
                .checkRecordThenServe();
        assertTrue(served.run().out().startsWith("zstd 10500 -> "), served.run().out());
        assertTrue(served.run().out().endsWith(", round trip true\n"), served.run().out());
    }
}
