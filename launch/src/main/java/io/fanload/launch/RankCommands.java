package io.fanload.launch;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.source.LoaderSettings;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command and environment of one rank's JVM:
 * {@code java [user options] [thread cap] [fanload options] -Xbootclasspath/a:<loader-hooks> -cp <loader-hooks>
 * MAIN ARGS} for
 * record and serve, or the user's own command (plus the thread cap) for a rank that loads the
 * normal way.
 */
public final class RankCommands {

    /** What a rank's JVM needs besides its placement. */
    public record Rank(int rank, int node, String nodeName, int localRank) {
        /**
         * A rank started by srun, mpirun or aprun: its number and node are known only inside it,
         * and the loader reads them from the launcher's variables (SLURM_PROCID, ...).
         */
        public static final Rank FROM_LAUNCHER = new Rank(-1, -1, null, -1);

        boolean known() {
            return rank >= 0;
        }
    }

    private final JavaCommand command;
    private final int feature;
    private final ThreadCaps caps;
    private final Map<String, String> environment;

    public RankCommands(JavaCommand command, int feature, ThreadCaps caps, Map<String, String> environment) {
        this.command = command;
        this.feature = feature;
        this.caps = caps;
        this.environment = environment;
    }

    /** The commands for this run's ranks, with options for the feature release of the ranks' own java. */
    static RankCommands of(LaunchSettings settings) throws java.io.IOException, InterruptedException {
        return new RankCommands(settings.command(), JdkProbe.feature(settings.command().java()), settings.caps(),
                settings.environment());
    }

    /** Said once per served run: loader-hooks lacks what ranks on this JDK would use (see {@link HooksBuild}). */
    Optional<String> servingWarning() {
        return HooksBuild.slowMappingWarning(feature, hooksLocation());
    }

    /** loader-hooks' jar (or classes folder, in tests) as this JVM loaded it. */
    public static Path hooksLocation() {
        try {
            return Path.of(LoaderSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("loader-hooks location", e);
        }
    }

    public List<String> record(Rank rank, Path pilotDir) {
        List<String> options = identify(RankJvmOptions.record(feature, command.classPathString(), pilotDir,
                Math.max(rank.rank(), 0)), rank);
        options.add(define(LoaderSettings.COMMAND, commandLine()));
        return jvm(options, hooksLocation());
    }

    public List<String> serve(Rank rank, NodeImageLayout layout, Path hooks, Path counters, boolean strict) {
        List<String> options = identify(RankJvmOptions.serve(feature, command.classPathString(), layout,
                userLibraryPath(), Math.max(rank.rank(), 0), counters, strict), rank);
        return jvm(options, hooks);
    }

    /** The user's command as given, for a rank that loads the normal way. */
    public List<String> plain() {
        return argv(caps.jvmOptions(command.jvmOptions()), command.classPathString());
    }

    public Map<String, String> environment(Rank rank, NodeImageLayout servedFrom) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(caps.environment(environment));
        if (rank.known()) {
            env.put("FANLOAD_RANK", Integer.toString(rank.rank()));
            env.put("FANLOAD_NODE", rank.nodeName());
            env.put("FANLOAD_LOCAL_RANK", Integer.toString(rank.localRank()));
        }
        return servedFrom == null ? env : RankJvmOptions.serveEnvironment(servedFrom, env);
    }

    /**
     * The application's own java.library.path, where a native the archive lacks is looked for: the
     * user's {@code -Djava.library.path} (the last one wins, as in the JVM), else the JDK's default,
     * which launch's own JVM has too.
     */
    String userLibraryPath() {
        String prefix = "-Djava.library.path=";
        String value = System.getProperty("java.library.path");
        for (String option : command.jvmOptions()) {
            if (option.startsWith(prefix)) {
                value = option.substring(prefix.length());
            }
        }
        return value;
    }

    /** Names the rank and node where launch knows them; otherwise the loader reads the launcher's variables. */
    private static List<String> identify(List<String> options, Rank rank) {
        if (rank.known()) {
            options.add(define(LoaderSettings.NODE, rank.nodeName()));
        } else {
            options.removeIf(option -> option.startsWith("-D" + LoaderSettings.RANK + "="));
        }
        return options;
    }

    private List<String> jvm(List<String> fanloadOptions, Path hooks) {
        List<String> options = new ArrayList<>(caps.jvmOptions(command.jvmOptions()));
        options.addAll(fanloadOptions);
        return argv(options, RankJvmOptions.loaderPath(hooks.toString()));
    }

    /** The user's command as given, for the pilot's provenance. */
    private String commandLine() {
        return String.join(" ", argv(List.of(), command.classPathString()));
    }

    /** {@code java [user options] [extra options] -cp CLASS_PATH MAIN ARGS}. */
    private List<String> argv(List<String> extraOptions, String classPath) {
        return argv(extraOptions, List.of("-cp", classPath));
    }

    /** {@code java [user options] [extra options] PATH_OPTIONS MAIN ARGS}. */
    private List<String> argv(List<String> extraOptions, List<String> pathOptions) {
        List<String> argv = new ArrayList<>();
        argv.add(command.java());
        argv.addAll(command.jvmOptions());
        argv.addAll(extraOptions);
        argv.addAll(pathOptions);
        argv.add(command.mainClass());
        argv.addAll(command.args());
        return argv;
    }

    private static String define(String key, String value) {
        return "-D" + key + "=" + value;
    }
}
