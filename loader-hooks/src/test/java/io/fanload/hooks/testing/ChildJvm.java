package io.fanload.hooks.testing;

import io.fanload.hooks.loader.FanloadClassLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the JDK running the tests (so the suite under JDK 25 tests JDK 25), with stdout
 * and stderr captured in files of its working folder.
 */
public final class ChildJvm {

    /** Bound on one child run: a hung child fails the test instead of hanging the build. */
    private static final long LIMIT_SECONDS = 120;

    private final Process process;
    private final Path workDir;

    private ChildJvm(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
    }

    public record Result(int exit, String out, String err) {
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** loader-hooks' own classes, as a rank's {@code -cp}. */
    public static String hooksClassPath() {
        try {
            return Path.of(FanloadClassLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Result run(Path workDir, List<String> arguments) throws IOException, InterruptedException {
        return start(workDir, arguments).finish();
    }

    public static ChildJvm start(Path workDir, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(arguments);
        Files.createDirectories(workDir);
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("out.txt").toFile())
                .redirectError(workDir.resolve("err.txt").toFile()).start();
        return new ChildJvm(process, workDir);
    }

    public Process process() {
        return process;
    }

    /** The output so far. */
    public String out() throws IOException {
        return Files.readString(workDir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    public Result finish() throws IOException, InterruptedException {
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child JVM did not end within " + LIMIT_SECONDS + " s");
        }
        return new Result(process.exitValue(), out(),
                Files.readString(workDir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
