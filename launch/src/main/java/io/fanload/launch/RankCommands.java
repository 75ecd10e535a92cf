package io.fanload.launch;

import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.rank.JvmCacheOptions;
import io.fanload.hooks.rank.RankJvmOptions;
import io.fanload.hooks.source.LoaderSettings;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command and environment of one rank's JVM:
 * {@code java [user options] [thread cap] [fanload options] -Xbootclasspath/a:<loader-hooks> -cp <loader-hooks>
 * MAIN ARGS} for
 * record and serve, or the user's own command (plus the thread cap) for a rank that loads the
 * normal way.
 */
public final class RankCommands {

    private final JavaCommand command;
    private final int feature;
    private final ThreadCaps caps;
    private final Map<String, String> environment;
    /** What the user's line runs java through ({@code numactl --interleave=all}), before java in every command. */
    private final List<String> wrapper;
    /** The files the archive carries whole (absolute paths): a served rank names their node copies. */
    private final Set<String> carried;
    /** The application's Truffle unpacks its resources into the node's folder ({@link TruffleResources}). */
    private final boolean truffleResources;

    public RankCommands(JavaCommand command, int feature, ThreadCaps caps, Map<String, String> environment) {
        this(command, feature, caps, environment, List.of());
    }

    public RankCommands(JavaCommand command, int feature, ThreadCaps caps, Map<String, String> environment,
                        List<String> wrapper) {
        this(command, feature, caps, environment, wrapper, Set.of(), false);
    }

    private RankCommands(JavaCommand command, int feature, ThreadCaps caps, Map<String, String> environment,
                         List<String> wrapper, Set<String> carried, boolean truffleResources) {
        this.command = command;
        this.feature = feature;
        this.caps = caps;
        this.environment = environment;
        this.wrapper = List.copyOf(wrapper);
        this.carried = Set.copyOf(carried);
        this.truffleResources = truffleResources;
    }

    /**
     * These commands for an archive that carries {@code files} whole (absolute paths), and whose
     * Truffle takes its resource folder from a property ({@code truffleResources}).
     */
    RankCommands carrying(Set<String> files, boolean truffleResources) {
        return new RankCommands(command, feature, caps, environment, wrapper, files, truffleResources);
    }

    /** The commands for this run's ranks, with options for the feature release of the ranks' own java. */
    static RankCommands of(LaunchSettings settings, JdkProbe.Jdk jdk) {
        return new RankCommands(settings.command(), jdk.feature(), settings.caps(), settings.environment(),
                settings.wrapper());
    }

    /** Said once per served run: loader-hooks lacks what ranks on this JDK would use (see {@link HooksBuild}). */
    Optional<String> servingWarning() {
        return HooksBuild.slowMappingWarning(feature, hooksLocation());
    }

    /**
     * What the archive leaves where it is: a module path (the JVM's boot layer reads it before any
     * class loader of fanload's runs, so it is neither carried nor counted), or empty.
     */
    Optional<String> notCarriedWarning() {
        List<String> modulePath = command.modulePath();
        if (modulePath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the java command's module path (" + String.join(File.pathSeparator, modulePath)
                + ") is not carried: every rank reads it where it is, on the shared file system if it lives there,"
                + " and the report does not count those reads; fanload carries the class path (-cp, -jar) only");
    }

    /** What the ranks read on the shared file system through a system property ({@link SharedPathOptions}), or empty. */
    Optional<String> sharedPathWarning() {
        return SharedPathOptions.warning(command.jvmOptions(), carried);
    }

    /** loader-hooks' jar (or classes folder, in tests) as this JVM loaded it. */
    public static Path hooksLocation() {
        try {
            return Path.of(LoaderSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("loader-hooks location", e);
        }
    }

    public List<String> record(Path pilotDir) {
        List<String> options = launcherNumbered(RankJvmOptions.record(feature, command.classPathString(), pilotDir, 0));
        options.add(define(LoaderSettings.COMMAND, commandLine()));
        return jvm(command.jvmOptions(), options, hooksLocation());
    }

    /**
     * A serving rank's command; {@code java} is the node's copy of the runtime's {@code bin/java}
     * (launch --runtime), or null for the user's own.
     */
    public List<String> serve(NodeImageLayout layout, Path hooks, Path counters, boolean strict, Path java) {
        List<String> options = launcherNumbered(RankJvmOptions.serve(feature, command.classPathString(), layout,
                userLibraryPath(), 0, counters, strict));
        truffleOption(layout).ifPresent(options::add);
        List<String> argv = jvm(AgentJars.nodeLocal(command.jvmOptions(), carried, layout), options, hooks);
        if (java != null) {
            argv.set(wrapper.size(), java.toString());
        }
        return argv;
    }

    /**
     * A rank started with the pilot-trained JVM cache, or the training run itself: the JDK's own
     * application loader over the node's class-path copies, named through the cache's link
     * ({@code linked}: the node folder as the training saw it); {@code cacheOptions} make or map the
     * cache ({@link JvmCacheOptions}). Natives come from the node's {@code lib/} first, then, unless
     * {@code strict}, from the application's own library path. {@code java} as in {@link #serve}.
     */
    public List<String> withJvmCache(NodeImageLayout linked, List<String> cacheOptions, boolean strict, Path java) {
        List<String> userOptions = AgentJars.nodeLocal(command.jvmOptions(), carried, linked);
        List<String> options = new ArrayList<>(caps.jvmOptions(userOptions));
        List<String> rank = JvmCacheOptions.rank(cacheOptions, linked, command.classPath(), userLibraryPath(), strict);
        options.addAll(rank.subList(0, rank.size() - 2));
        truffleOption(linked).ifPresent(options::add);
        List<String> argv = argv(userOptions, options, rank.subList(rank.size() - 2, rank.size()));
        if (java != null) {
            argv.set(wrapper.size(), java.toString());
        }
        return argv;
    }

    private Optional<String> truffleOption(NodeImageLayout layout) {
        return truffleResources ? TruffleResources.option(command.jvmOptions(), layout.tmp()) : Optional.empty();
    }

    /** The user's command as given, for a rank that loads the normal way. */
    public List<String> plain() {
        return argv(caps.jvmOptions(command.jvmOptions()), command.classPathString());
    }

    /** Launch's environment with the thread caps; each launcher adds how a rank learns its number. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(caps.environment(environment));
        return env;
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

    /**
     * Only the rank knows its number: every launcher (the local one too) names it in a variable the
     * loader reads (FANLOAD_RANK, SLURM_PROCID, ...; LoaderSettings), so no -Dfanload.rank.
     */
    private static List<String> launcherNumbered(List<String> options) {
        options.removeIf(option -> option.startsWith("-D" + LoaderSettings.RANK + "="));
        return options;
    }

    private List<String> jvm(List<String> userOptions, List<String> fanloadOptions, Path hooks) {
        List<String> options = new ArrayList<>(caps.jvmOptions(userOptions));
        options.addAll(fanloadOptions);
        return argv(userOptions, options, RankJvmOptions.loaderPath(hooks.toString()));
    }

    /** The user's command as given, for the pilot's provenance. */
    private String commandLine() {
        return String.join(" ", argv(List.of(), command.classPathString()));
    }

    /** {@code java [user options] [extra options] -cp CLASS_PATH MAIN ARGS}. */
    private List<String> argv(List<String> extraOptions, String classPath) {
        return argv(command.jvmOptions(), extraOptions, List.of("-cp", classPath));
    }

    /** {@code [wrapper] java USER_OPTIONS [extra options] PATH_OPTIONS MAIN ARGS}. */
    private List<String> argv(List<String> userOptions, List<String> extraOptions, List<String> pathOptions) {
        List<String> argv = new ArrayList<>(wrapper);
        argv.add(command.java());
        argv.addAll(userOptions);
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
