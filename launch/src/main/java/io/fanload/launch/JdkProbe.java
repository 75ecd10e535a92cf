package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The ranks' {@code java}: its feature release (the options that keep a rank's output identical
 * differ between JDK 17 and 25) and its home (what --runtime carries). The user's java need not be
 * the one running launch. Asked once per job, on the batch host, and only when it is another JDK.
 */
final class JdkProbe {

    /**
     * A JDK: its feature release, its {@code java.home}, and its build ({@code java.vm.version
     * os.arch}: what a trained JVM cache must match).
     */
    record Jdk(int feature, Path home, String build) {
    }

    private JdkProbe() {
    }

    /**
     * {@link #probe} on a thread of its own: when the ranks run another JDK, its answer is a JVM start
     * that launch need not wait for while it checks the archive. {@link #await} gives the answer.
     */
    static CompletableFuture<Jdk> probeAsync(String java, Path cacheFolder) {
        CompletableFuture<Jdk> answer = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                answer.complete(probe(java, cacheFolder));
            } catch (Exception | Error e) {
                answer.completeExceptionally(e);
            }
        }, "fanload-jdk-probe");
        thread.setDaemon(true);
        thread.start();
        return answer;
    }

    /** The answer of {@link #probeAsync}, or what the probe threw. */
    static Jdk await(CompletableFuture<Jdk> answer) throws IOException, InterruptedException {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Asks {@code java}, unless it is launch's own or {@code cacheFolder} (null for none) remembers
     * its answer ({@link JdkProbeCache}).
     */
    static Jdk probe(String java, Path cacheFolder) throws IOException, InterruptedException {
        Path executable = executable(java);
        Path ours = Path.of(System.getProperty("java.home"), "bin", "java");
        if (executable != null && Files.exists(ours) && executable.toRealPath().equals(ours.toRealPath())) {
            return new Jdk(Runtime.version().feature(), Path.of(System.getProperty("java.home")),
                    System.getProperty("java.vm.version") + " " + System.getProperty("os.arch"));
        }
        if (executable == null) {
            throw new UsageException("java executable '" + java + "' not found on PATH");
        }
        Optional<Jdk> known = cacheFolder == null ? Optional.empty() : JdkProbeCache.lookUp(cacheFolder, executable);
        if (known.isPresent()) {
            return known.get();
        }
        String output = output(List.of(executable.toString(), "-XshowSettings:properties", "-version"), 60)
                .orElseThrow(() -> new UsageException(java + " -version did not answer within 60 s"));
        Integer feature = null;
        Path home = null;
        String vmVersion = "";
        String arch = "";
        for (String line : output.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("java.specification.version = ")) {
                String version = trimmed.substring("java.specification.version = ".length()).trim();
                feature = Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
            } else if (trimmed.startsWith("java.home = ")) {
                home = Path.of(trimmed.substring("java.home = ".length()).trim());
            } else if (trimmed.startsWith("java.vm.version = ")) {
                vmVersion = trimmed.substring("java.vm.version = ".length()).trim();
            } else if (trimmed.startsWith("os.arch = ")) {
                arch = trimmed.substring("os.arch = ".length()).trim();
            }
        }
        if (feature == null || home == null) {
            throw new UsageException("cannot tell the version of " + java);
        }
        Jdk jdk = new Jdk(feature, home, vmVersion + " " + arch);
        if (cacheFolder != null) {
            JdkProbeCache.remember(cacheFolder, executable, jdk);
        }
        return jdk;
    }

    /** What {@code argv} prints (stdout and stderr), stdin empty; empty if it did not end within {@code seconds}. */
    static Optional<String> output(List<String> argv, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        return Optional.of(output);
    }

    /** {@code program} as the shell would run it: a path as given, else the first executable on PATH; or null. */
    static Path executable(String program) {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? path : null;
        }
        String pathVariable = System.getenv("PATH");
        for (String dir : (pathVariable == null ? "" : pathVariable).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
