package io.fanload.launch.launcher;

import io.fanload.hooks.archive.ArchiveException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A launcher that is a program of the site (srun, mpirun, mpiexec, aprun): one process starts every
 * rank on every node with the same program and environment. Subclasses say only how its command
 * line names ranks, nodes and the environment.
 */
abstract class SiteLauncher implements Launcher {

    /** The launcher's words that name ranks and nodes, when fanload writes the line. */
    abstract List<String> prefix(Step step);

    /** The words that pass the ranks' environment where the launcher does not by itself. */
    List<String> forwarding(Step step, Step.NodeProgram program) {
        return List.of();
    }

    /**
     * The whole command line of the step: the user's own launcher line as given, or fanload's; then
     * what forwards the environment, the extra launcher arguments, and the rank program.
     */
    final List<String> argv(Step step, Step.NodeProgram program) {
        List<String> argv = new ArrayList<>(step.line().isEmpty() ? prefix(step) : step.line());
        argv.addAll(forwarding(step, program));
        argv.addAll(step.launcherArgs());
        argv.addAll(program.argv());
        return argv;
    }

    @Override
    public int run(Step step, ShutdownCleanup cleanup) throws IOException, InterruptedException {
        Step.NodeProgram program = step.programs().of(null);
        List<String> argv = argv(step, program);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(program.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ArchiveException("cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        // The launcher passes SIGTERM on to the ranks.
        cleanup.first(() -> {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        });
        return process.waitFor();
    }
}
