package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import io.fanload.launch.launcher.Launcher;
import io.fanload.launch.launcher.Launchers;

import java.nio.file.Path;
import java.util.List;

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
            return JdkProbe.output(List.of(executable.toString(), "--version"), 10).orElse("");
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
