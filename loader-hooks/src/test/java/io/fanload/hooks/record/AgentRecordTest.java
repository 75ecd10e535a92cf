package io.fanload.hooks.record;

import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordReader;
import io.fanload.hooks.pilotrecord.RecordWriter;
import io.fanload.hooks.testing.ChildJvm;
import io.fanload.hooks.testing.ProbeClassPath;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import probe.app.AgentProbe;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A -javaagent jar joins the class path of a recording rank, after the application's elements. */
class AgentRecordTest {

    @TempDir
    Path dir;

    @Test
    void recordsTheAgentJarAsTheLastClassPathElement() throws Exception {
        List<Path> elements = ProbeClassPath.create(dir.resolve("cp"));
        String classPath = String.join(File.pathSeparator, ProbeClassPath.strings(elements));
        Path agent = TestJars.jar(dir.resolve("agent/agent.jar"), TestJars.manifest("Premain-Class", AgentProbe.class.getName()),
                TestJars.classes(AgentProbe.class)).toRealPath();
        Path pilot = Files.createDirectories(dir.resolve("pilot"));
        List<String> arguments = new ArrayList<>(List.of("-javaagent:" + agent));
        arguments.addAll(RankJvmOptions.record(Runtime.version().feature(), classPath, pilot, 0));
        arguments.addAll(RankJvmOptions.loaderPath(ChildJvm.hooksClassPath()));
        arguments.add("probe.app.ExitProbe");
        ChildJvm.Result result = ChildJvm.run(dir.resolve("run"), arguments);
        assertEquals(0, result.exit(), result.err());
        assertEquals("premain, loaded by FanloadClassLoader\nready\n", result.out());
        PilotRecord record = RecordReader.read(pilot.resolve(RecordWriter.fileName(0)));
        assertEquals(agent.toString(), record.classPath().get(record.classPath().size() - 1));
        int agentOrigin = record.classPath().size() - 1;
        assertTrue(record.events().stream().anyMatch(e -> e instanceof RecordEvent.Found f && f.origin() == agentOrigin
                && f.name().equals("probe/app/AgentProbe.class")), record.events().toString());
    }
}
