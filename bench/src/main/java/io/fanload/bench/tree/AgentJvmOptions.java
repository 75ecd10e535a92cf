package io.fanload.bench.tree;

import io.fanload.server.agent.AgentMain;

/**
 * Prints the agent JVM's options as launch passes them ({@link AgentMain#JVM_OPTIONS}), so that
 * bench/scripts/tree-netns.sh starts its agents the way a job does.
 */
public final class AgentJvmOptions {

    private AgentJvmOptions() {
    }

    public static void main(String[] args) {
        System.out.println(String.join(" ", AgentMain.JVM_OPTIONS));
    }
}
