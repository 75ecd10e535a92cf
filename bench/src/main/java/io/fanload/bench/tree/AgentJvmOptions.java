package io.fanload.bench.tree;

import io.fanload.server.agent.AgentClassArchive;
import io.fanload.server.agent.AgentMain;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints the agent JVM's options as launch passes them ({@link AgentMain#JVM_OPTIONS} and the
 * agents' class archive for this JVM and class path, made first if need be; {@code
 * FANLOAD_AGENT_CDS=off} leaves it out), so that bench/scripts/tree-netns.sh starts its agents the
 * way a job does. What launch would say about the archive goes to stderr.
 */
public final class AgentJvmOptions {

    private AgentJvmOptions() {
    }

    public static void main(String[] args) {
        List<String> options = new ArrayList<>(AgentMain.JVM_OPTIONS);
        AgentClassArchive.forThisJvm(System.getenv()).ifPresent(archive -> options.addAll(archive.jvmOptions(
                line -> System.err.println("agent-jvm-options: " + line),
                line -> System.err.println("agent-jvm-options: warning: " + line))));
        System.out.println(String.join(" ", options));
    }
}
