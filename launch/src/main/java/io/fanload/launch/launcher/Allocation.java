package io.fanload.launch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;

/** What the batch system's allocation says about the job: its nodes and its tasks. */
final class Allocation {

    private Allocation() {
    }

    /** The allocation's nodes: Slurm's SLURM_JOB_NUM_NODES, else the distinct hosts of PBS_NODEFILE. */
    static OptionalInt nodes(Map<String, String> env) {
        OptionalInt slurm = LauncherOptions.environment(env, "SLURM_JOB_NUM_NODES");
        if (slurm.isPresent()) {
            return slurm;
        }
        String nodeFile = env.get("PBS_NODEFILE");
        if (nodeFile != null) {
            try {
                HashSet<String> hosts = new HashSet<>();
                for (String line : Files.readAllLines(Path.of(nodeFile))) {
                    if (!line.isBlank()) {
                        hosts.add(line.trim());
                    }
                }
                return hosts.isEmpty() ? OptionalInt.empty() : OptionalInt.of(hosts.size());
            } catch (IOException e) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** The allocation's tasks (what srun and the MPI launchers start when not told how many). */
    static OptionalInt tasks(Map<String, String> env) {
        return LauncherOptions.environment(env, "SLURM_NTASKS");
    }
}
