package io.fanload.launch;

import io.fanload.hooks.image.NodeImageLayout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code -javaagent:JAR[=OPTIONS]} options of a java command. The JVM opens each JAR itself
 * (manifest, premain) before any class loader of fanload's runs, so a served rank must be told
 * the node's copy of it, or every rank opens the original on the shared file system.
 */
final class AgentJars {

    static final String OPTION = "-javaagent:";

    private AgentJars() {
    }

    /** {@code option} with its agent jar made absolute against {@code cwd}; any other option as given. */
    static String absolute(String option, Path cwd) {
        if (!option.startsWith(OPTION)) {
            return option;
        }
        String jar = jar(option);
        return OPTION + cwd.resolve(jar).normalize() + option.substring(OPTION.length() + jar.length());
    }

    /**
     * {@code options} with every agent jar that the archive carries whole ({@code carried}, absolute
     * paths) named by its copy in {@code layout}; an agent jar the archive lacks stays as given.
     */
    static List<String> nodeLocal(List<String> options, Set<String> carried, NodeImageLayout layout) {
        List<String> local = new ArrayList<>(options.size());
        for (String option : options) {
            String jar = option.startsWith(OPTION) ? jar(option) : null;
            local.add(jar != null && carried.contains(jar)
                    ? OPTION + layout.copyOf(jar) + option.substring(OPTION.length() + jar.length())
                    : option);
        }
        return local;
    }

    /** The jar of an agent option: up to the first '=', as the JVM splits it. */
    private static String jar(String option) {
        String value = option.substring(OPTION.length());
        int equals = value.indexOf('=');
        return equals < 0 ? value : value.substring(0, equals);
    }
}
