/**
 * Launchers as plug-ins: one {@link io.fanload.launch.launcher.Launcher} per way of starting ranks
 * (srun, Open MPI's mpirun, MPICH's Hydra mpiexec, aprun, and the local launcher that simulates nodes
 * on this machine). A launcher knows how to start N ranks on M nodes, how a rank learns its number
 * (the launcher's variable), and how the environment reaches the ranks; what the ranks run — the
 * bootstrap in front of {@code java} — is the same for every launcher. Adding a launcher is one class
 * here and one line in {@link io.fanload.launch.launcher.Launchers}.
 */
package io.fanload.launch.launcher;
