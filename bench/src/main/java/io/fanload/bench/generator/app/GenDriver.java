package io.fanload.bench.generator.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

/**
 * Pynamic's driver for a generated JVM application. Prints one line per rank:
 * <pre>
 * gen rank=3 launch_to_main_ms=812 load_ms=420 visit_ms=35 compute_ms=21 classes=490 resources=32
 *     absent=32 services=8 checksum=5f1c... image_pss_kb=1234 image_rss_kb=9000 pss_kb=41000
 * </pre>
 * <ul>
 *   <li>launch-to-main: from {@code GEN_LAUNCH_MS} (epoch milliseconds, set by whoever launched
 *       the job, e.g. {@code date +%s%3N} before srun) to the first line of main; -1 when unset;</li>
 *   <li>load: {@code Class.forName} (initialising) of every generated class, which loads every JNI
 *       library through the native classes' static initialisers; then every resource is read,
 *       every absent name probed and the service files iterated;</li>
 *   <li>visit: one entry call per class (each walks the call depth across jars);</li>
 *   <li>compute: a fixed arithmetic loop (~10-30 ms), Pynamic's short MPI/compute step.</li>
 * </ul>
 * Memory: the PSS and RSS of this process's mappings under {@code FANLOAD_NODE_DIR} (the node-local
 * image a served rank maps; 0 for a plain run) and of the whole process, from /proc/self/smaps.
 * The checksum depends only on the application, so plain and served runs must print the same.
 */
public final class GenDriver {

    public static final String LISTS = "META-INF/fanload-gen/";
    private static final long COMPUTE_ITERATIONS = 20_000_000L;
    /** A mapping's header line in smaps: "start-end perms offset dev inode [path]". */
    private static final Pattern MAPPING = Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    private GenDriver() {
    }

    public static void main(String[] args) throws Exception {
        long mainMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        String launch = System.getenv("GEN_LAUNCH_MS");
        long launchToMain = launch == null || launch.isEmpty() ? -1 : mainMs - Long.parseLong(launch.trim());
        ClassLoader loader = ClassLoader.getSystemClassLoader();

        List<String> names = list(loader, "classes.txt");
        List<Class<?>> classes = new ArrayList<>(names.size());
        for (String name : names) {
            classes.add(Class.forName(name, true, loader));
        }
        long checksum = 0;
        int resources = 0;
        for (String name : list(loader, "resources.txt")) {
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing: " + name);
                }
                checksum = checksum * 31 + in.readAllBytes().length;
                resources++;
            }
        }
        int absent = 0;
        for (String name : list(loader, "absent.txt")) {
            URL url = loader.getResource(name);
            if (url != null) {
                throw new IllegalStateException("resource should be absent: " + name);
            }
            absent++;
        }
        int services = 0;
        for (LongUnaryOperator op : ServiceLoader.load(LongUnaryOperator.class, loader)) {
            checksum += op.applyAsLong(services++);
        }
        long t1 = System.nanoTime();

        for (Class<?> c : classes) {
            LongUnaryOperator op = (LongUnaryOperator) c.getDeclaredConstructor().newInstance();
            checksum = checksum * 31 + op.applyAsLong(checksum);
        }
        long t2 = System.nanoTime();

        long v = checksum;
        for (long i = 0; i < COMPUTE_ITERATIONS; i++) {
            v = v * 6364136223846793005L + 1442695040888963407L;
            v ^= v >>> 31;
        }
        long t3 = System.nanoTime();

        long[] memory = memory(System.getenv("FANLOAD_NODE_DIR"));
        System.out.println("gen rank=" + rank() + " launch_to_main_ms=" + launchToMain
                + " load_ms=" + ms(t1 - t0) + " visit_ms=" + ms(t2 - t1) + " compute_ms=" + ms(t3 - t2)
                + " classes=" + classes.size() + " resources=" + resources + " absent=" + absent
                + " services=" + services + " checksum=" + Long.toHexString(checksum) + " compute=" + Long.toHexString(v & 0xff)
                + " image_pss_kb=" + memory[0] + " image_rss_kb=" + memory[1] + " pss_kb=" + memory[2]
                + " cpu_ms=" + cpuMillis());
    }

    /**
     * This process's CPU time so far, every thread (JIT and GC included), user + system, from
     * /proc/self/stat in clock ticks (100 per second on Linux); -1 where there is no /proc. The scale
     * model needs it: on the test bed's 2 cores R ranks take about R x this / 2, and a JVM's CPU is
     * not its wall time alone (its JIT runs on the other core).
     */
    static long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After "pid (comm) ": state is field 3, utime field 14 and stime field 15.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String rank() {
        for (String var : new String[] {"SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMIX_RANK", "FANLOAD_RANK"}) {
            String v = System.getenv(var);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "0";
    }

    private static List<String> list(ClassLoader loader, String name) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = loader.getResourceAsStream(LISTS + name)) {
            if (in == null) {
                throw new IllegalStateException(LISTS + name + " not on the class path: is driver.jar on it?");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        }
        return lines;
    }

    /** {image PSS, image RSS, process PSS} in KiB; zeros where /proc is not there. */
    static long[] memory(String imageDir) {
        long[] out = new long[3];
        Path smaps = Path.of("/proc/self/smaps");
        if (!Files.isReadable(smaps)) {
            return out;
        }
        try {
            boolean inImage = false;
            for (String line : Files.readAllLines(smaps, StandardCharsets.ISO_8859_1)) {
                if (MAPPING.matcher(line).lookingAt()) {
                    int slash = line.indexOf('/');
                    inImage = imageDir != null && !imageDir.isEmpty() && slash >= 0
                            && line.substring(slash).startsWith(imageDir);
                } else if (line.startsWith("Pss:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    out[2] += kb;
                    if (inImage) {
                        out[0] += kb;
                    }
                } else if (line.startsWith("Rss:") && inImage) {
                    out[1] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }
}
