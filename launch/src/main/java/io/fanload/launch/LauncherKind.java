package io.fanload.launch;

import java.util.Map;

/** How ranks are started. {@code auto} picks from the environment launch runs in. */
public enum LauncherKind {
    AUTO, LOCAL, SRUN, APRUN, MPIRUN;

    /**
     * {@code auto}: inside a Slurm allocation ({@code SLURM_JOB_ID}) srun; inside a PBS job with
     * ALPS ({@code PBS_JOBID} and {@code aprun} on PATH) aprun; otherwise the built-in local
     * launcher. mpirun is never guessed: Open MPI runs inside allocations of every kind.
     */
    public LauncherKind resolve(Map<String, String> env, java.util.function.Predicate<String> onPath) {
        if (this != AUTO) {
            return this;
        }
        if (env.containsKey("SLURM_JOB_ID")) {
            return SRUN;
        }
        if (env.containsKey("PBS_JOBID") && onPath.test("aprun")) {
            return APRUN;
        }
        return LOCAL;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
