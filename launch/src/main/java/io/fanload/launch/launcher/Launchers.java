package io.fanload.launch.launcher;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Every launcher by name, and the choice {@code auto} makes. */
public final class Launchers {

    /** The names {@code --launcher} takes. */
    public static final List<String> NAMES = List.of("auto", "local", "srun", "mpirun", "mpiexec", "aprun");

    private Launchers() {
    }

    /**
     * The launcher {@code name} names ({@code auto}: chosen from the environment launch runs in);
     * {@code onPath} tells whether a program is on PATH.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Launcher named(String name, Map<String, String> environment, Predicate<String> onPath) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "auto": return auto(environment, onPath);
            case "local": return new LocalLauncher();
            case "srun": return new Srun();
            case "mpirun": return new OpenMpiRun();
            case "mpiexec": return new HydraMpiexec(onPath.test(HydraMpiexec.HYDRA) ? HydraMpiexec.HYDRA : "mpiexec");
            case "aprun": return new Aprun();
            default: throw new IllegalArgumentException("no launcher named " + name);
        }
    }

    /**
     * Inside a Slurm allocation ({@code SLURM_JOB_ID}) srun; inside a PBS job with ALPS
     * ({@code PBS_JOBID} and {@code aprun} on PATH) aprun; otherwise the local launcher. An MPI
     * launcher is never guessed: both run inside allocations of every kind.
     */
    static Launcher auto(Map<String, String> environment, Predicate<String> onPath) {
        if (environment.containsKey("SLURM_JOB_ID")) {
            return new Srun();
        }
        if (environment.containsKey("PBS_JOBID") && onPath.test("aprun")) {
            return new Aprun();
        }
        return new LocalLauncher();
    }
}
