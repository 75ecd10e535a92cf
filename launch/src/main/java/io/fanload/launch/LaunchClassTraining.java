package io.fanload.launch;

import io.fanload.server.agent.AgentClassTraining;
import io.fanload.server.agent.NodeDirectory;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run of {@link LaunchClassArchive}: one short JVM that loads what a job's launch loads,
 * so that {@code -XX:ArchiveClassesAtExit} can store it. It parses a job's command line (picocli's
 * model of every option), moves a small archive from a coordinator to two agents on loopback (the
 * agents' own training: Netty, the protocol, the coordinator), writes a report, and exits 0.
 */
public final class LaunchClassTraining {

    private LaunchClassTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("fanload-launch-training");
        try {
            PrintWriter silent = new PrintWriter(Writer.nullWriter());
            LaunchCommand.commandLine(silent, silent, Map.of(), dir).parseArgs("--read-cache", "--cache",
                    "app.fanload", "-n", "2", "--nodes", "2", "--report", "r.json", "--", "java", "-cp", "app.jar",
                    "Main");
            AgentClassTraining.train(dir);
            LaunchReport report = new LaunchReport("read-cache", "local", 2, 2);
            report.put("exitCode", 0);
            report.write(dir.resolve("r.json"));
        } finally {
            NodeDirectory.remove(dir);
        }
        System.exit(0);
    }
}
