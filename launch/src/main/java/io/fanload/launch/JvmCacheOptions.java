package io.fanload.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options that make and use a pilot-trained JVM cache: on JDK 25 and later an AOT cache
 * (JEP 483/514: {@code -XX:AOTCacheOutput} trains and assembles in one invocation, {@code -XX:AOTCache}
 * maps it), before that a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit},
 * {@code -XX:SharedArchiveFile}). Measured alternatives: docs/perf/jvm-cache.md.
 */
final class JvmCacheOptions {

    static final String AOT = "aot";
    static final String APPCDS = "appcds";

    private JvmCacheOptions() {
    }

    /** The kind of cache a JDK of {@code feature} trains. */
    static String kindFor(int feature) {
        return feature >= 25 ? AOT : APPCDS;
    }

    /** The training run's options: the cache is written to {@code out}. */
    static List<String> train(String kind, Path out, int feature) {
        List<String> options = quiet(feature);
        options.add(kind.equals(AOT) ? "-XX:AOTCacheOutput=" + out : "-XX:ArchiveClassesAtExit=" + out);
        return options;
    }

    /** A served rank's options: the JVM maps {@code cache}, or starts without it when it does not match. */
    static List<String> use(String kind, Path cache, int feature) {
        List<String> options = quiet(feature);
        options.add(kind.equals(AOT) ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache);
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
