package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import io.fanload.launch.launcher.Launcher;
import io.fanload.launch.launcher.Launchers;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher a job's line starts with. mpirun and mpiexec are Open MPI's at one site and MPICH's
 * Hydra at another (Debian's alternatives pick one): their {@code --version} says which, asked once.
 */
final class LineLauncher {

    private LineLauncher() {
    }

    static Launcher of(String program) {
        Path executable = JdkProbe.executable(program);
        if (executable == null) {
            throw new UsageException("the job's line starts with " + program + ", which is not on PATH");
        }
        String name = executable.getFileName().toString();
        boolean ambiguous = name.equals("mpirun") || name.equals("mpiexec");
        return Launchers.forLine(program, ambiguous ? version(executable) : "");
    }

    private static String version(Path executable) {
        try {
            Process process = new ProcessBuilder(List.of(executable.toString(), "--version")).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return output;
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
