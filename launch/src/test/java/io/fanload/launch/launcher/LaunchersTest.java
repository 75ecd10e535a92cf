package io.fanload.launch.launcher;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each site launcher's command line, and what {@code auto} picks. */
class LaunchersTest {

    private static final Map<String, String> NOTHING = Map.of();

    @Test
    void launcherCommandLines() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin");
        env.put("FANLOAD_SECRET", "00");
        env.put("OMP_NUM_THREADS", "1");
        Step.NodeProgram program = new Step.NodeProgram(List.of("bash", "-c", "x"), env);
        assertEquals(List.of("srun", "--ntasks=16", "--nodes=4", "--kill-on-bad-exit=0", "--mpi=none", "bash", "-c", "x"),
                argv("srun", 16, 4, List.of("--mpi=none"), program));
        assertEquals(List.of("mpirun", "-np", "4", "-x", "FANLOAD_SECRET", "-x", "OMP_NUM_THREADS", "bash", "-c", "x"),
                argv("mpirun", 4, 1, List.of(), program), "mpirun forwards only the variables it is told to");
        assertEquals(List.of("aprun", "-n", "24000", "-N", "24", "bash", "-c", "x"),
                argv("aprun", 24000, 1000, List.of(), program));
        assertEquals(List.of("mpiexec.hydra", "-n", "10", "-ppn", "4", "bash", "-c", "x"),
                argv("mpiexec", 10, 3, List.of(), program), "Hydra, block-wise as srun places ranks");
        assertEquals("mpiexec", ((SiteLauncher) Launchers.named("mpiexec", NOTHING, p -> false))
                .argv(step(1, 1, List.of()), program).get(0), "plain mpiexec where there is no mpiexec.hydra");
    }

    @Test
    void autoDetectsTheBatchSystem() {
        assertEquals("srun", Launchers.named("auto", Map.of("SLURM_JOB_ID", "7"), p -> false).name());
        assertEquals("aprun", Launchers.named("auto", Map.of("PBS_JOBID", "7.sdb"), "aprun"::equals).name());
        assertEquals("local", Launchers.named("auto", Map.of("PBS_JOBID", "7.sdb"), p -> false).name());
        assertEquals("local", Launchers.named("auto", NOTHING, p -> true).name());
        assertEquals("mpirun", Launchers.named("mpirun", Map.of("SLURM_JOB_ID", "7"), p -> true).name());
        assertThrows(IllegalArgumentException.class, () -> Launchers.named("pbs", NOTHING, p -> true));
    }

    @Test
    void everyNamedLauncherExistsAndOnlyTheLocalOneSimulatesNodes() {
        for (String name : Launchers.NAMES) {
            Launcher launcher = Launchers.named(name, NOTHING, p -> true);
            assertEquals(name.equals("auto") || name.equals("local"), launcher.simulatesNodes(), name);
        }
        Launcher srun = Launchers.named("srun", NOTHING, p -> true);
        assertEquals(3, srun.defaultNodes(3, Map.of("SLURM_JOB_NUM_NODES", "8")), "at most one node per rank");
        assertEquals(4, srun.defaultNodes(64, Map.of("SLURM_JOB_NUM_NODES", "4")), "the allocation's nodes");
        assertEquals(1, Launchers.named("local", NOTHING, p -> true).defaultNodes(64, Map.of("SLURM_JOB_NUM_NODES", "4")));
    }

    private static List<String> argv(String name, int ranks, int nodes, List<String> launcherArgs, Step.NodeProgram program) {
        SiteLauncher launcher = (SiteLauncher) Launchers.named(name, NOTHING, "mpiexec.hydra"::equals);
        return launcher.argv(step(ranks, nodes, launcherArgs), program);
    }

    private static Step step(int ranks, int nodes, List<String> launcherArgs) {
        return new Step(ranks, nodes, launcherArgs, v -> v.startsWith("FANLOAD_") || v.equals("OMP_NUM_THREADS"), node -> null);
    }
}
