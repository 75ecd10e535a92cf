package io.fanload.launch.launcher;

import io.fanload.launch.cli.UsageException;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
     * ({@code PBS_JOBID} and {@code aprun} on PATH) aprun; outside any batch job the local launcher.
     * An MPI launcher is never guessed: both run inside allocations of every kind. A PBS job
     * without aprun is refused: the local launcher would run every rank on the first node.
     */
    static Launcher auto(Map<String, String> environment, Predicate<String> onPath) {
        if (environment.containsKey("SLURM_JOB_ID")) {
            return new Srun();
        }
        if (environment.containsKey("PBS_JOBID")) {
            if (onPath.test("aprun")) {
                return new Aprun();
            }
            throw new UsageException("inside a PBS job without aprun on PATH: name the launcher with "
                    + "--launcher mpirun|mpiexec (or local, to run every rank on this node), or put it on the job's line "
                    + "(launch ... -- mpirun -np N java ...)");
        }
        return new LocalLauncher();
    }

    /** The launcher programs a job's line may start with (launch ... -- srun -n 64 java ...). */
    public static boolean isLauncherProgram(String word) {
        return LINE_PROGRAMS.contains(Path.of(word).getFileName().toString());
    }

    private static final Set<String> LINE_PROGRAMS =
            Set.of("srun", "mpirun", "mpiexec", "mpiexec.hydra", "mpiexec.mpich", "mpirun.mpich", "orterun",
                    "mpirun.openmpi", "mpiexec.openmpi", "aprun");

    /**
     * The launcher a job's line starts with. mpirun and mpiexec are Open MPI's or MPICH's Hydra
     * depending on the site: {@code version} is the program's {@code --version} output, which says.
     */
    public static Launcher forLine(String program, String version) {
        String name = Path.of(program).getFileName().toString();
        switch (name) {
            case "srun": return new Srun();
            case "aprun": return new Aprun();
            case "orterun": case "mpirun.openmpi": case "mpiexec.openmpi": return new OpenMpiRun();
            case "mpiexec.hydra": case "mpiexec.mpich": case "mpirun.mpich": return new HydraMpiexec(program);
            default:
                if (version.contains("HYDRA") || version.contains("MPICH") || version.contains("Intel(R) MPI")) {
                    return new HydraMpiexec(program);
                }
                if (version.contains("Open MPI") || version.contains("OpenRTE") || name.equals("mpirun")) {
                    return new OpenMpiRun();
                }
                return new HydraMpiexec(program);
        }
    }
}
