package io.fanload.launch;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A small real application built in a test folder (app.jar: Main, Helper, Extra, a resource), and
 * launch run on it as a separate process, as a user runs it.
 */
final class LaunchProcessTestSupport {

    /** What a process printed and how it ended. */
    record Result(int code, String out, String err) {
    }

    private final Path dir;
    private final Path app;
    private final Path shm;
    private final String java;

    LaunchProcessTestSupport(Path dir) throws IOException {
        this.dir = dir;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path src = Files.createDirectories(dir.resolve("src/app"));
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package app;",
                "public class Main {",
                "  public static void main(String[] args) throws Exception {",
                "    String rank = System.getenv(\"FANLOAD_RANK\");",
                "    if (rank == null) rank = System.getenv(\"ALPS_APP_PE\");",
                "    if (rank == null) rank = System.getenv(\"PMI_RANK\");",
                "    System.out.println(\"rank \" + rank + \": \" + new Helper().greet(args[0]));",
                "    System.out.println(new String(Main.class.getResourceAsStream(\"/app/data.txt\").readAllBytes()).trim());",
                "    System.out.println(\"absent \" + Main.class.getResource(\"/app/absent.txt\"));",
                "    if (args.length > 1 && args[1].equals(\"extra\")) System.out.println(Class.forName(\"app.Extra\").getSimpleName());",
                "    if (args.length > 2 && args[1].equals(\"load\")) System.load(args[2]);",
                "    if (args.length > 1 && args[1].equals(\"cp\")) System.out.println(\"class path \" + new java.io.File(System.getProperty(\"java.class.path\")).getName());",
                "    if (args.length > 1 && args[1].equals(\"fail\") && \"1\".equals(rank)) System.exit(3);",
                "    if (args.length > 1 && args[1].equals(\"sleep\")) Thread.sleep(600_000);",
                "    if (args.length > 1 && args[1].equals(\"fork\")) {", // as JMH forks: the same JVM options
                "      java.util.List<String> child = new java.util.ArrayList<>(java.util.List.of(",
                "          System.getProperty(\"java.home\") + \"/bin/java\"));",
                "      child.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());",
                "      child.addAll(java.util.List.of(\"-cp\", System.getProperty(\"java.class.path\"), \"app.Main\", args[0], \"extra\"));",
                "      System.out.println(\"fork exited \" + new ProcessBuilder(child).inheritIO().start().waitFor());",
                "    }",
                "    if (args.length > 1 && args[1].equals(\"needs-rank\") && rank == null) System.exit(7);",
                "    if (args.length > 2 && args[1].equals(\"exit\") && \"1\".equals(rank)) System.exit(Integer.parseInt(args[2]));",
                "    if (args.length > 2 && args[1].equals(\"halt\") && \"1\".equals(rank)) Runtime.getRuntime().halt(Integer.parseInt(args[2]));",
                "  }",
                "}"));
        Files.writeString(src.resolve("Helper.java"), "package app; public class Helper { String greet(String w) { return \"hello \" + w; } }");
        Files.writeString(src.resolve("Extra.java"), "package app; public class Extra { }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Main.java").toString(), src.resolve("Helper.java").toString(),
                src.resolve("Extra.java").toString()) != 0) {
            throw new IOException("javac failed");
        }
        Files.writeString(classes.resolve("app/data.txt"), "data from the jar\n");
        app = dir.resolve("app.jar");
        try (OutputStream raw = Files.newOutputStream(app); JarOutputStream jar = new JarOutputStream(raw)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                    jar.write(Files.readAllBytes(file));
                    jar.closeEntry();
                }
            }
        }
        shm = Files.createDirectories(dir.resolve("shm"));
    }

    Path app() {
        return app;
    }

    /** A private stand-in for /dev/shm. */
    Path shm() {
        return shm;
    }

    String java() {
        return java;
    }

    /** Runs launch with {@code args}; {@code extraPath} (or null) goes first on PATH. */
    Result launch(Path extraPath, String... args) throws Exception {
        List<String> argv = launchJvm();
        argv.addAll(List.of(args));
        return run(argv, extraPath);
    }

    Result launch(String... args) throws Exception {
        return launch(null, args);
    }

    /** Starts launch without waiting; output goes to {@code out} and {@code err}. */
    Process start(Path out, Path err, String... args) throws IOException {
        List<String> argv = launchJvm();
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", Path.of(java).getParent() + ":" + System.getenv("PATH"));
        return builder.start();
    }

    Result run(List<String> argv, Path extraPath) throws Exception {
        return run(argv, extraPath, env -> { });
    }

    /** Runs {@code argv} in the test folder with {@code environment} applied to its environment. */
    Result run(List<String> argv, Path extraPath, Consumer<Map<String, String>> environment) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PATH", (extraPath == null ? "" : extraPath + ":")
                + Path.of(java).getParent() + ":" + System.getenv("PATH"));
        environment.accept(builder.environment());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("did not finish in 120 s: " + argv);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * launch's JVM as the launch script starts it (LaunchClassArchive.JVM_OPTIONS): on JDK 22+ Netty's
     * epoll library, which the coordinator's warm-up loads at once, otherwise prints four WARNING lines.
     */
    private List<String> launchJvm() {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(LaunchClassArchive.JVM_OPTIONS);
        argv.addAll(List.of("-cp", testClassPath(), LaunchCommand.class.getName()));
        return argv;
    }

    /** Surefire's java.class.path is a manifest-only booter jar; it passes the real one separately. */
    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
