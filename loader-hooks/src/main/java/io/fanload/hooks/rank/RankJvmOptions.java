package io.fanload.hooks.rank;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.hooks.loader.FanloadClassLoader;
import io.fanload.hooks.source.LoaderSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The extra JVM options and environment of a rank started with fanload's loader. A rank's command
 * is {@code java [user options] [these options] [loaderPath(loader-hooks jar)] MAIN ARGS}.
 */
public final class RankJvmOptions {

    private RankJvmOptions() {
    }

    /**
     * Options that hide what setting {@code java.system.class.loader} itself prints. Measured:
     * JDK 25 prints {@code [warning][cds] Archived non-system classes are disabled because the
     * java.system.class.loader property is specified} on <b>stdout</b>, silenced by
     * {@code -Xlog:cds=off} (and {@code -Xlog:aot=off} for the AOT cache; JDK 17 rejects that tag and
     * does not start). JDK 17 prints the same text as a VM warning on stderr, which
     * {@code -Xlog:cds=off} does not silence: only {@code -XX:-PrintWarnings} does (it also hides
     * the VM's other warnings). JDK 22+ warns about restricted (native) methods, naming the
     * caller's code-source location, which differs when served: {@code --enable-native-access=ALL-UNNAMED}.
     */
    public static List<String> quiet(int feature) {
        List<String> options = new ArrayList<>();
        if (feature >= 24) {
            options.add("-Xlog:cds=off");
            options.add("-Xlog:aot=off");
        } else if (feature >= 19) {
            options.add("-Xlog:cds=off");
            options.add("-XX:-PrintWarnings");
        } else {
            options.add("-XX:-PrintWarnings");
        }
        if (feature >= 22) {
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    /**
     * Where a rank's JVM finds loader-hooks, the options that end a rank's command before its main
     * class: {@code -Xbootclasspath/a:<jar> -cp <jar>}. The JVM finds the system class loader through
     * the application loader, whose class path ({@code -cp}) must hold it; loading it and the ~25
     * classes it needs before {@code main} from the boot class path instead skips the application
     * loader's Java code and bytecode verification of loader-hooks' own classes: a served Hello went
     * from 84 to 68 ms of CPU on JDK 17 and from 103 to 82 ms on JDK 25 (plain {@code java -cp}
     * 38–41 ms; perf stat task-clock, 15 interleaved runs, 2026-11-22). The boot loader ignores a
     * jar's {@code META-INF/versions}, hence loader-hooks' JDK 22+ class under a name of its own.
     */
    public static List<String> loaderPath(String hooks) {
        return List.of("-Xbootclasspath/a:".concat(hooks), "-cp", hooks);
    }

    /**
     * Where JNA extracts its dispatch library. On Linux it is not java.io.tmpdir but
     * {@code $XDG_CACHE_HOME} or {@code ~/.cache/JNA/temp}: the home folder, on the shared file
     * system on most clusters, where every rank would write and map its own copy.
     */
    public static final String JNA_TMPDIR = "jna.tmpdir";

    /** A pilot rank: records into {@code pilotDir}. */
    public static List<String> record(int feature, String classPath, Path pilotDir, int rank) {
        List<String> options = base(feature, "record", classPath, rank);
        options.add(define(LoaderSettings.PILOT_DIR, pilotDir.toAbsolutePath().toString()));
        return options;
    }

    /**
     * A serving rank over the node-local image {@code layout}. {@code libraryPath} is the
     * application's own java.library.path (kept for misses); the rank's java.library.path becomes
     * the image's {@code lib/} folder and java.io.tmpdir (and {@link #JNA_TMPDIR}) its {@code tmp/}
     * folder, where libraries that extract themselves (snappy-java, lz4-java, JNA, sqlite-jdbc)
     * write their copy.
     */
    public static List<String> serve(int feature, String classPath, NodeImageLayout layout, String libraryPath,
                                     int rank, Path counters, boolean strict) {
        List<String> options = base(feature, "serve", classPath, rank);
        options.add(define(LoaderSettings.IMAGE, layout.root().toAbsolutePath().toString()));
        options.add(define(LoaderSettings.LIBRARY_PATH, libraryPath == null ? "" : libraryPath));
        options.add(define("java.library.path", layout.libraries().toAbsolutePath().toString()));
        options.add(define("java.io.tmpdir", layout.tmp().toAbsolutePath().toString()));
        options.add(define(JNA_TMPDIR, layout.tmp().toAbsolutePath().toString()));
        if (counters != null) {
            options.add(define(LoaderSettings.COUNTERS, counters.toAbsolutePath().toString()));
        }
        if (strict) {
            options.add(define(LoaderSettings.STRICT, "true"));
        }
        return options;
    }

    /**
     * The serving rank's environment: {@code LD_LIBRARY_PATH} starts with the image's {@code lib/}
     * folder, so a JNI library's DT_NEEDED dependency that exists only in the image resolves (the
     * dynamic linker reads it once, when the JVM starts), and loses the folders the archive's
     * natives came from: the linker searches every folder of LD_LIBRARY_PATH for every library
     * of the JVM itself (libz, libm, ...), which on the shared file system is a probe per folder
     * and library for every rank.
     */
    public static Map<String, String> serveEnvironment(NodeImageLayout layout, Map<String, String> environment) {
        return serveEnvironment(layout.libraries(), layout.image(), environment);
    }

    /**
     * The same for a node folder that does not exist yet: {@code libraries} is the node's future
     * {@code lib/} folder and {@code archive} any archive with the same natives (launch reads the
     * job's archive on the batch host, where no node image is).
     */
    public static Map<String, String> serveEnvironment(Path libraries, Path archive, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        Set<String> archived = archivedLibraryFolders(archive);
        StringBuilder path = new StringBuilder(libraries.toAbsolutePath().toString());
        String existing = env.get("LD_LIBRARY_PATH");
        if (existing != null) {
            for (String folder : existing.split(":")) {
                if (!folder.isEmpty() && !archived.contains(trimSlash(folder))) {
                    path.append(':').append(folder);
                }
            }
        }
        env.put("LD_LIBRARY_PATH", path.toString());
        return env;
    }

    private static Set<String> archivedLibraryFolders(Path archive) {
        Set<String> folders = new HashSet<>();
        if (!Files.isRegularFile(archive)) {
            return folders;
        }
        try (ArchiveReader reader = ArchiveReader.open(archive)) {
            for (int i = 0; i < reader.nativeCount(); i++) {
                String original = reader.nativeAt(i).originalPath();
                int slash = original.lastIndexOf('/');
                if (slash > 0) {
                    folders.add(original.substring(0, slash));
                }
            }
        } catch (ArchiveException e) {
            // the rank reports an unusable image itself; keep the user's folders
        }
        return folders;
    }

    private static String trimSlash(String folder) {
        return folder.length() > 1 && folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    private static List<String> base(int feature, String mode, String classPath, int rank) {
        List<String> options = new ArrayList<>(quiet(feature));
        options.add(define("java.system.class.loader", FanloadClassLoader.class.getName()));
        options.add(define(LoaderSettings.MODE, mode));
        options.add(define(LoaderSettings.CLASS_PATH, classPath));
        options.add(define(LoaderSettings.RANK, Integer.toString(rank)));
        return options;
    }

    private static String define(String key, String value) {
        return "-D" + key + "=" + value;
    }
}
