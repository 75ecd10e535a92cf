package io.fanload.launch.launcher;

import io.fanload.launch.cli.UsageException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        // A PBS job without aprun: the local launcher would put every rank on the first node.
        UsageException pbs = assertThrows(UsageException.class, () -> Launchers.named("auto", Map.of("PBS_JOBID", "7.sdb"), p -> false));
        assertTrue(pbs.getMessage().contains("--launcher"), pbs.getMessage());
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

    @Test
    void theUsersOwnLineRunsAsGivenWithWhatTheLauncherNeedsToPassTheEnvironment() {
        Step.NodeProgram program = new Step.NodeProgram(List.of("bash", "-c", "x"), Map.of("FANLOAD_SECRET", "00", "HOME", "/h"));
        Step line = new Step(16, 4, List.of("mpirun", "-np", "16", "--map-by", "ppr:4:node"), List.of(), v -> v.startsWith("FANLOAD_"),
                node -> null);
        assertEquals(List.of("mpirun", "-np", "16", "--map-by", "ppr:4:node", "-x", "FANLOAD_SECRET", "bash", "-c", "x"),
                ((SiteLauncher) Launchers.named("mpirun", NOTHING, p -> true)).argv(line, program));
        Step srun = new Step(64, 4, List.of("srun", "--cpu-bind=cores"), List.of(), v -> true, node -> null);
        assertEquals(List.of("srun", "--cpu-bind=cores", "bash", "-c", "x"),
                ((SiteLauncher) Launchers.named("srun", NOTHING, p -> true)).argv(srun, program), "srun passes it by itself");
    }

    @Test
    void eachLauncherReadsRanksAndNodesFromItsOwnOptionsAndTheAllocation() {
        Map<String, String> slurm = Map.of("SLURM_NTASKS", "96", "SLURM_JOB_NUM_NODES", "4");
        Launcher srun = Launchers.forLine("srun", "");
        assertEquals(shape(64, 4), srun.shapeOf(List.of("-n", "64"), slurm), "-n; the allocation's nodes");
        assertEquals(shape(16, 2), srun.shapeOf(List.of("-n16", "-N", "2"), slurm));
        assertEquals(shape(32, 4), srun.shapeOf(List.of("--ntasks-per-node=8"), slurm), "nodes x ranks per node");
        assertEquals(shape(96, 4), srun.shapeOf(List.of("--cpu-bind=cores"), slurm), "the allocation's tasks");
        assertEquals(shape(8, 2), srun.shapeOf(List.of("--ntasks=8", "--nodes=2-4"), Map.of()), "a node range's minimum");

        Launcher openMpi = Launchers.forLine("mpirun", "mpirun (Open MPI) 4.1.4");
        assertEquals("mpirun", openMpi.name());
        assertEquals(shape(64, 16), openMpi.shapeOf(List.of("-np", "64", "--map-by", "ppr:4:node"), Map.of()));
        assertEquals(shape(64, 8), openMpi.shapeOf(List.of("-np", "64", "-N", "8"), Map.of()));
        assertEquals(shape(96, 4), openMpi.shapeOf(List.of("--bind-to", "core"), slurm));

        Launcher hydra = Launchers.forLine("mpiexec", "HYDRA build details:\n    Version: 4.0.2");
        assertEquals("mpiexec", hydra.name(), "Debian's mpiexec may be either: --version says");
        assertEquals(shape(10, 3), hydra.shapeOf(List.of("-n", "10", "-ppn", "4"), Map.of()));

        Launcher aprun = Launchers.forLine("/opt/cray/bin/aprun", "");
        assertEquals(shape(24000, 1000), aprun.shapeOf(List.of("-n", "24000", "-N", "24"), Map.of()));
        assertEquals(new JobShape(java.util.OptionalInt.empty(), java.util.OptionalInt.empty()),
                aprun.shapeOf(List.of("-d", "2"), Map.of()), "what the line does not say is launch's -n to give");
    }

    private static JobShape shape(int ranks, int nodes) {
        return new JobShape(java.util.OptionalInt.of(ranks), java.util.OptionalInt.of(nodes));
    }

    private static List<String> argv(String name, int ranks, int nodes, List<String> launcherArgs, Step.NodeProgram program) {
        SiteLauncher launcher = (SiteLauncher) Launchers.named(name, NOTHING, "mpiexec.hydra"::equals);
        return launcher.argv(step(ranks, nodes, launcherArgs), program);
    }

    private static Step step(int ranks, int nodes, List<String> launcherArgs) {
        return new Step(ranks, nodes, List.of(), launcherArgs, v -> v.startsWith("FANLOAD_") || v.equals("OMP_NUM_THREADS"), node -> null);
    }
}
