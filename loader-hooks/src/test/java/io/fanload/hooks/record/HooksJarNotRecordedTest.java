package io.fanload.hooks.record;

import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.testing.ChildJvm;
import io.fanload.hooks.testing.ProbeClassPath;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * fanload's own loader-hooks jar is held open by every rank's JVM (boot class path and -cp). The
 * pilot recorded it as a jar the application opened whenever it lay near a class-path element —
 * a class folder /tmp/app/classes beside an install in /tmp/app/fanload — so the archive carried
 * it and a rebuilt or upgraded fanload made the archive stale (every rank loaded the normal way).
 */
class HooksJarNotRecordedTest {

    @TempDir
    Path dir;

    @Test
    void theLoaderHooksJarIsNoApplicationArchive() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        String classPath = String.join(File.pathSeparator, ProbeClassPath.strings(elements));
        Path hooks = hooksJar(dir.resolve("fanload/lib/loader-hooks.jar")).toRealPath();
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        List<String> arguments = new ArrayList<>(RankJvmOptions.record(Runtime.version().feature(), classPath, pilot, 0));
        arguments.addAll(RankJvmOptions.loaderPath(hooks.toString()));
        arguments.add("probe.app.ExitProbe");
        ChildJvm.Result result = ChildJvm.run(dir.resolve("run"), arguments);
        assertEquals(0, result.exit(), result.err());
        assertEquals("ready\n", result.out());
        PilotRecord record = RecordReader.read(pilot.resolve(RecordWriter.fileName(0)));
        assertFalse(record.events().stream().anyMatch(e -> e instanceof RecordEvent.OpenArchive a
                && a.path().equals(hooks.toString())), record.events().toString());
    }

    /** loader-hooks' compiled classes as a jar, as the release installs it. */
    private static Path hooksJar(Path jar) throws Exception {
        Path classes = Path.of(ChildJvm.hooksClassPath());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                entries.put(classes.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
            }
        }
        return TestJars.jar(jar, TestJars.manifest(), entries);
    }
}
