package io.fanload.hooks.source;

import io.fanload.hooks.classpath.ClassPath;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The loader's configuration, from system properties that launch sets on each rank's command line
 * (docs/LOADER.md lists them). Read once, when the loader starts.
 *
 * @param mode        {@code fanload.mode}: record, serve or plain (default plain)
 * @param classPath   {@code fanload.classpath}: the application's class path as the user gave it
 * @param pilotDir    {@code fanload.pilot.dir}: where record mode writes {@code rank-<N>.record}
 * @param image       {@code fanload.image}: the node-local image folder that serve mode maps
 * @param strict      {@code fanload.strict}: a miss fails the rank instead of loading from the class path
 * @param rank        {@code fanload.rank}, else the launcher's rank variable, else 0
 * @param node        {@code fanload.node}, else the host name
 * @param counters    {@code fanload.counters}: file the per-rank counters are written to at exit, or null
 * @param command     {@code fanload.command}: the user's command line, kept in the record
 * @param libraryPath {@code fanload.library.path}: the application's own java.library.path
 */
public record LoaderSettings(Mode mode, String classPath, Path pilotDir, Path image, boolean strict, int rank,
                             String node, Path counters, String command, String libraryPath) {

    public static final String MODE = "fanload.mode";
    public static final String CLASS_PATH = "fanload.classpath";
    public static final String PILOT_DIR = "fanload.pilot.dir";
    public static final String IMAGE = "fanload.image";
    public static final String STRICT = "fanload.strict";
    public static final String RANK = "fanload.rank";
    public static final String NODE = "fanload.node";
    public static final String COUNTERS = "fanload.counters";
    public static final String COMMAND = "fanload.command";
    public static final String LIBRARY_PATH = "fanload.library.path";

    /**
     * Environment variables that carry the rank number, first found wins: fanload's local launcher's,
     * then the MPI launchers' (Open MPI's, PMIx's, Hydra's PMI), which come before Slurm's:
     * mpirun inside a Slurm allocation starts its daemons with srun, so its ranks also carry a
     * SLURM_PROCID, the daemon's.
     */
    private static final List<String> RANK_VARIABLES =
            List.of("FANLOAD_RANK", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID", "ALPS_APP_PE");

    public List<String> classPathElements() {
        return ClassPath.split(classPath);
    }

    /**
     * The settings of this JVM. The environment is read only when {@code fanload.rank} is missing
     * and the host name only in record mode: each costs a few milliseconds of class loading in
     * every rank's start (ProcessEnvironment, NIO files), which launch avoids by setting both.
     */
    public static LoaderSettings fromSystem() {
        return from(System.getProperties(), null);
    }

    /** {@code env} null: the process environment. */
    static LoaderSettings from(Properties p, Map<String, String> env) {
        String modeText = p.getProperty(MODE, "plain").trim();
        // not Mode.valueOf: on JDK 25 it calls values() reflectively, which spins method handles (~10 ms)
        Mode mode;
        switch (modeText) {
            case "record": mode = Mode.RECORD; break;
            case "serve": mode = Mode.SERVE; break;
            case "plain": mode = Mode.PLAIN; break;
            default: throw new IllegalArgumentException(MODE + "=" + modeText + " is not one of record, serve, plain");
        }
        String classPath = p.getProperty(CLASS_PATH);
        if (classPath == null) {
            throw new IllegalArgumentException(CLASS_PATH + " is not set: give the application's class path to the loader");
        }
        Path pilotDir = path(p, PILOT_DIR);
        Path image = path(p, IMAGE);
        if (mode == Mode.RECORD && pilotDir == null) {
            throw new IllegalArgumentException(MODE + "=record needs " + PILOT_DIR);
        }
        if (mode == Mode.SERVE && image == null) {
            throw new IllegalArgumentException(MODE + "=serve needs " + IMAGE);
        }
        return new LoaderSettings(mode, classPath, pilotDir, image, Boolean.parseBoolean(p.getProperty(STRICT, "false")),
                rank(p, env), mode == Mode.RECORD ? node(p, env) : p.getProperty(NODE, ""), path(p, COUNTERS),
                p.getProperty(COMMAND, p.getProperty("sun.java.command", "")),
                p.getProperty(LIBRARY_PATH, p.getProperty("java.library.path", "")));
    }

    private static Path path(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null || value.isEmpty() ? null : Path.of(value);
    }

    private static int rank(Properties p, Map<String, String> env) {
        String given = p.getProperty(RANK);
        if (given == null) {
            for (String variable : RANK_VARIABLES) {
                String value = env == null ? System.getenv(variable) : env.get(variable);
                if (value != null) {
                    given = value;
                    break;
                }
            }
        }
        try {
            return given == null ? 0 : Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rank '" + given + "' is not a number");
        }
    }

    /**
     * The node's name: as given, else the local launcher's simulated node (FANLOAD_NODE), else the
     * host name from the kernel (InetAddress would start name resolution inside every rank).
     */
    private static String node(Properties p, Map<String, String> env) {
        String node = p.getProperty(NODE);
        if (node == null) {
            node = env == null ? System.getenv("FANLOAD_NODE") : env.get("FANLOAD_NODE");
        }
        if (node != null) {
            return node;
        }
        try {
            try (java.io.InputStream in = new java.io.FileInputStream("/proc/sys/kernel/hostname")) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
