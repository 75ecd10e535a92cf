package io.fanload.hooks.record;

import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.testing.ChildJvm;
import io.fanload.hooks.testing.ProbeClassPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pilot rank writes its record however it ends: normally, System.exit, an uncaught exception, SIGTERM. */
class RecordAtExitTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"normal", "exit", "throw", "wait"})
    void writesTheRecord(String ending) throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        String classPath = String.join(File.pathSeparator, ProbeClassPath.strings(elements));
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        List<String> arguments = new ArrayList<>(RankJvmOptions.record(Runtime.version().feature(), classPath, pilot, 1));
        arguments.addAll(RankJvmOptions.loaderPath(ChildJvm.hooksClassPath()));
        arguments.addAll(List.of("probe.app.ExitProbe", ending));
        ChildJvm child = ChildJvm.start(dir.resolve("run"), arguments);
        if (ending.equals("wait")) {
            while (!child.out().contains("ready")) { // the record holds what was loaded before the signal
                if (!child.process().isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            child.process().destroy(); // SIGTERM
        }
        ChildJvm.Result result = child.finish();
        int expectedExit = switch (ending) {
            case "exit" -> 3;
            case "throw" -> 1;
            case "wait" -> 143;
            default -> 0;
        };
        assertEquals(expectedExit, result.exit(), result.err());
        assertEquals("ready\n", result.out(), "stdout is the application's alone");
        PilotRecord record = RecordReader.read(pilot.resolve(RecordWriter.fileName(1)));
        assertTrue(record.events().stream().anyMatch(e -> e instanceof RecordEvent.Found f
                && f.name().equals("probe/app/ExitProbe.class")), record.events().toString());
        assertTrue(record.events().stream().anyMatch(e -> e instanceof RecordEvent.Found f
                && f.name().equals("probe/app/shared.txt")), record.events().toString());
        assertEquals("probe.app.ExitProbe " + ending, record.properties().get(PilotRecord.COMMAND));
    }
}
