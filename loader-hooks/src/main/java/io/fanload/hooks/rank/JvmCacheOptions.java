package io.fanload.hooks.rank;

import io.fanload.hooks.image.NodeImageLayout;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options that make and use a pilot-trained JVM cache: on JDK 25 and later an AOT cache
 * (JEP 483/514: {@code -XX:AOTCacheOutput} trains and assembles in one invocation, {@code -XX:AOTCache}
 * maps it), before that a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit},
 * {@code -XX:SharedArchiveFile}). Measured alternatives: docs/perf/jvm-cache.md.
 */
public final class JvmCacheOptions {

    public static final String AOT = "aot";
    public static final String APPCDS = "appcds";

    private JvmCacheOptions() {
    }

    /** The kind of cache a JDK of {@code feature} trains. */
    public static String kindFor(int feature) {
        return feature >= 25 ? AOT : APPCDS;
    }

    /** The training run's options: the cache is written to {@code out}. */
    public static List<String> train(String kind, Path out, int feature) {
        List<String> options = quiet(feature);
        options.add(kind.equals(AOT) ? "-XX:AOTCacheOutput=" + out : "-XX:ArchiveClassesAtExit=" + out);
        return options;
    }

    /** A served rank's options: the JVM maps {@code cache}, or starts without it when it does not match. */
    public static List<String> use(String kind, Path cache, int feature) {
        List<String> options = quiet(feature);
        options.add(kind.equals(AOT) ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache);
        return options;
    }

    /**
     * The options after the user's of a rank started with the trained cache, or of the training run:
     * {@code cacheOptions} ({@link #train} or {@link #use}), natives from the node's {@code lib/}
     * first, then, unless {@code strict}, from the application's own {@code libraryPath}; the
     * node's {@code tmp/}; and {@code -cp} with the node's copies of {@code classPath}, all named
     * through the cache's link ({@code linked}: the node folder as the training saw it).
     */
    public static List<String> rank(List<String> cacheOptions, NodeImageLayout linked, List<String> classPath,
                                    String libraryPath, boolean strict) {
        List<String> options = new ArrayList<>(cacheOptions);
        String libraries = linked.libraries().toString();
        options.add("-Djava.library.path=" + (strict || libraryPath == null || libraryPath.isEmpty() ? libraries
                : libraries + File.pathSeparator + libraryPath));
        options.add("-Djava.io.tmpdir=" + linked.tmp());
        options.add("-D" + RankJvmOptions.JNA_TMPDIR + "=" + linked.tmp());
        List<String> copies = new ArrayList<>();
        for (String element : classPath) {
            copies.add(linked.copyOf(element));
        }
        options.add("-cp");
        options.add(String.join(File.pathSeparator, copies));
        return options;
    }

    /**
     * Keeps the JDK's cache messages out of the application's output: a cache that does not match
     * makes JDK 17 print {@code [warning][cds,dynamic] Unable to use shared archive} on stdout, and an
     * AOT training run reports its steps; JDK 22+ warns about native access naming the caller's jar,
     * which is the node copy here (the same option as fanload's loader, RankJvmOptions.quiet).
     */
    private static List<String> quiet(int feature) {
        List<String> options = new ArrayList<>(List.of("-Xlog:cds*=off"));
        if (feature >= 24) {
            options.add("-Xlog:aot*=off");
        }
        if (feature >= 22) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }
}
