package io.fanload.hooks.record;

import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.testing.ChildJvm;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probe.fork.ForkProbe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pilot rank whose JVM starts another with its own input arguments (JMH's forks) is two JVMs
 * recording as one rank. The child ends first; the parent's record used to replace the child's, so
 * the archive lacked every class only the child loaded (JMH's ForkedMain, the generated benchmark
 * classes) and served forks missed them all.
 */
class ForkedJvmRecordTest {

    @TempDir
    Path dir;

    @Test
    void theRankRecordHoldsWhatItsForkedJvmLoaded() throws Exception {
        Path jar = TestJars.jar(dir.resolve("cp/fork.jar"), TestJars.manifest(), TestJars.classes(ForkProbe.class))
                .toRealPath();
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        List<String> arguments = new ArrayList<>(RankJvmOptions.record(Runtime.version().feature(), jar.toString(), pilot, 3));
        arguments.addAll(RankJvmOptions.loaderPath(ChildJvm.hooksClassPath()));
        arguments.addAll(List.of(ForkProbe.class.getName(), "parent"));
        ChildJvm.Result result = ChildJvm.run(dir.resolve("run"), arguments);
        assertEquals(0, result.exit(), result.err());
        assertEquals("child\nchild exited 0, parent\n", result.out(), result.err());

        try (Stream<Path> files = Files.list(pilot)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".record")).count(), "one record per JVM");
        }
        List<PilotRecord> records = RecordReader.readAll(pilot);
        assertEquals(1, records.size(), "one rank");
        PilotRecord record = records.get(0);
        assertEquals(3, record.rank());
        for (Class<?> type : ForkProbe.class.getDeclaredClasses()) {
            String name = TestJars.entryName(type);
            assertEquals(1, record.events().stream().filter(e -> e instanceof RecordEvent.Found f && f.name().equals(name))
                    .count(), name + " once in " + record.events());
        }
        assertTrue(record.events().stream().anyMatch(e -> e instanceof RecordEvent.Found f
                && f.name().equals(TestJars.entryName(ForkProbe.class))));
    }
}
