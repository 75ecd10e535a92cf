package io.fanload.bench.generator;

import io.fanload.bench.generator.app.GenDriver;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Generates an application from an {@link AppSpec} into a folder:
 * <pre>
 *   OUT/jars/driver.jar             main class io.fanload.bench.generator.app.GenDriver and the lists
 *   OUT/jars/gen-j000.jar ...       application classes, resources, a service file each
 *   OUT/jars/gen-u00.jar ...        utility classes
 *   OUT/jars/gen-nat.jar            the classes declaring the JNI methods
 *   OUT/lib/libgennat000.so ...     JNI libraries (library K needs library K-1)
 *   OUT/classpath                   the class path, one line, absolute paths
 *   OUT/generated.properties        the spec, sizes and how long each step took
 * </pre>
 * Command: {@code java -cp bench/target/benchmarks.jar io.fanload.bench.generator.Generator
 * pynamic|large|tiny OUT}. Run it with {@code -Djava.library.path=OUT/lib -cp $(cat OUT/classpath)
 * io.fanload.bench.generator.app.GenDriver}.
 */
public final class Generator {

    public static final String MAIN = GenDriver.class.getName();

    private final AppSpec spec;

    public Generator(AppSpec spec) {
        this.spec = spec;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Generator pynamic|large|tiny OUT");
            System.exit(2);
        }
        Result r = new Generator(AppSpec.preset(args[0])).generate(Path.of(args[1]));
        System.out.println(r.summary());
    }

    /** What was made and how long each step took (milliseconds). */
    public record Result(Path out, String classPath, Path libDir, int classes, int jars, long jarBytes,
                         long nativeBytes, long sourcesMs, long javacMs, long jarsMs, long gccMs) {
        public String summary() {
            return String.format(Locale.ROOT, "generated %s: %d classes in %d jars (%.1f MB) + natives %.1f MB;"
                            + " sources %d ms, javac %d ms, jars %d ms, gcc %d ms, total %.1f s",
                    out, classes, jars, jarBytes / 1e6, nativeBytes / 1e6, sourcesMs, javacMs, jarsMs, gccMs,
                    (sourcesMs + javacMs + jarsMs + gccMs) / 1e3);
        }
    }

    public Result generate(Path out) throws IOException, InterruptedException {
        Path work = out.resolve("work");
        deleteTree(out);
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Path jars = out.resolve("jars");
        Path lib = out.resolve("lib");
        Files.createDirectories(classes);
        Files.createDirectories(jars);

        long t0 = System.nanoTime();
        JavaSources.Written written = new JavaSources(spec).write(src);
        long t1 = System.nanoTime();
        compile(written.files(), classes);
        long t2 = System.nanoTime();
        List<Path> jarFiles = pack(classes, jars, written.classes());
        long t3 = System.nanoTime();
        List<Path> natives = new NativeLibraries(spec).build(lib, work.resolve("native"));
        long t4 = System.nanoTime();

        StringBuilder cp = new StringBuilder();
        long jarBytes = 0;
        for (Path jar : jarFiles) {
            cp.append(cp.length() == 0 ? "" : ":").append(jar.toAbsolutePath());
            jarBytes += Files.size(jar);
        }
        long nativeBytes = 0;
        for (Path so : natives) {
            nativeBytes += Files.size(so);
        }
        Files.writeString(out.resolve("classpath"), cp + "\n");
        Result result = new Result(out, cp.toString(), lib.toAbsolutePath(), written.classes().size(), jarFiles.size(),
                jarBytes, nativeBytes, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3));
        Files.writeString(out.resolve("generated.properties"), String.join("\n",
                "spec=" + spec, "classes=" + result.classes(), "jars=" + result.jars(), "jarBytes=" + jarBytes,
                "nativeBytes=" + nativeBytes, "sourcesMs=" + result.sourcesMs(), "javacMs=" + result.javacMs(),
                "jarsMs=" + result.jarsMs(), "gccMs=" + result.gccMs(), "main=" + MAIN, "") );
        deleteTree(work);
        return result;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** One javac task for all sources: the classes call each other in a cycle across jars. */
    private static void compile(List<Path> files, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("no Java compiler: run the generator on a JDK, not a JRE");
        }
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-proc:none", "-g:none", "-nowarn",
                    "-implicit:none", "--release", "17", "-encoding", "UTF-8");
            Boolean ok = javac.getTask(diagnostics, fm, null, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            if (!Boolean.TRUE.equals(ok)) {
                throw new IOException("javac failed: " + diagnostics.toString().lines().limit(20).toList());
            }
        }
    }

    /** One jar per generated package, the driver jar first (so it is first on the class path). */
    private List<Path> pack(Path classes, Path jars, List<String> classNames) throws IOException {
        List<Path> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(spec.seed() + 1);
        List<String> resources = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        List<Path> packageJars = new ArrayList<>();
        Names names = new Names(spec);
        for (int j = 0; j < spec.appJars(); j++) {
            String pkg = Names.appPackage(j);
            Path jar = jars.resolve("gen-" + pkg.substring(4) + ".jar");
            try (JarOutputStream jos = open(jar, null)) {
                addClasses(jos, classes, pkg);
                for (int k = 0; k < spec.resourcesPerJar(); k++) {
                    String name = pkg.replace('.', '/') + "/res-" + k + ".properties";
                    StringBuilder text = new StringBuilder();
                    for (int line = 0; line < 8 + random.nextInt(24); line++) {
                        text.append("key").append(line).append('=').append(random.nextLong()).append('\n');
                    }
                    put(jos, name, text.toString().getBytes(StandardCharsets.UTF_8));
                    resources.add(name);
                }
                for (int k = 0; k < spec.absentPerJar(); k++) {
                    absent.add(pkg.replace('.', '/') + "/absent-" + k + ".properties");
                }
                put(jos, "META-INF/services/java.util.function.LongUnaryOperator",
                        (pkg + "." + names.appClass(j, 0) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            packageJars.add(jar);
        }
        for (int u = 0; u < spec.utilityJars(); u++) {
            String pkg = Names.utilityPackage(u);
            Path jar = jars.resolve("gen-" + pkg.substring(4) + ".jar");
            try (JarOutputStream jos = open(jar, null)) {
                addClasses(jos, classes, pkg);
            }
            packageJars.add(jar);
        }
        if (spec.natives() > 0) {
            Path jar = jars.resolve("gen-nat.jar");
            try (JarOutputStream jos = open(jar, null)) {
                addClasses(jos, classes, Names.NATIVE_PACKAGE);
            }
            packageJars.add(jar);
        }
        Path driver = jars.resolve("driver.jar");
        try (JarOutputStream jos = open(driver, MAIN)) {
            String entry = MAIN.replace('.', '/') + ".class";
            try (InputStream in = GenDriver.class.getResourceAsStream("/" + entry)) {
                put(jos, entry, in.readAllBytes());
            }
            put(jos, GenDriver.LISTS + "classes.txt", lines(classNames));
            put(jos, GenDriver.LISTS + "resources.txt", lines(resources));
            put(jos, GenDriver.LISTS + "absent.txt", lines(absent));
        }
        out.add(driver);
        out.addAll(packageJars);
        return out;
    }

    private static byte[] lines(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JarOutputStream open(Path jar, String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "fanload bench generator");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        // Written as a plain entry with time 0: JarOutputStream(out, manifest) stamps the current time,
        // and identical specs must give identical jars.
        JarOutputStream jos = new JarOutputStream(Files.newOutputStream(jar));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        manifest.write(bytes);
        put(jos, JarFile.MANIFEST_NAME, bytes.toByteArray());
        return jos;
    }

    private static void addClasses(JarOutputStream jos, Path classes, String pkg) throws IOException {
        Path dir = classes.resolve(pkg.replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                put(jos, pkg.replace('.', '/') + "/" + f.getFileName(), Files.readAllBytes(f));
            }
        }
    }

    private static void put(JarOutputStream jos, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(0);
        jos.putNextEntry(e);
        jos.write(bytes);
        jos.closeEntry();
    }

    /** Removes {@code dir} and everything under it; nothing if it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
