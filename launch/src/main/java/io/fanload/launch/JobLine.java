package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import io.fanload.launch.launcher.Launchers;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The command after {@code --}, as a job script would have it: an optional launcher line
 * ({@code srun -n 64 --ntasks-per-node=16}), optional wrappers ({@code env VAR=x},
 * {@code numactl --interleave=all}, {@code taskset -c 0-3}), then {@code java ...}. fanload puts its
 * bootstrap between the launcher line and the rest, so wrappers wrap the served JVM as they wrapped
 * the plain one, and passes everything else through unchanged.
 *
 * @param launcher the launcher line, from the launcher's name to the word before the rank program; empty if none
 * @param wrapper  the wrappers before {@code java}, with their options; empty if none
 * @param java     {@code java} and everything after it
 */
record JobLine(List<String> launcher, List<String> wrapper, List<String> java) {

    /** Programs that run their arguments as a command, and that a rank may be started through. */
    static final Set<String> WRAPPERS = Set.of("env", "numactl", "taskset", "nice", "ionice", "chrt", "stdbuf", "hwloc-bind");

    JobLine {
        launcher = List.copyOf(launcher);
        wrapper = List.copyOf(wrapper);
        java = List.copyOf(java);
    }

    static JobLine split(List<String> words) {
        if (words.isEmpty()) {
            throw new UsageException("no command after --; expected: -- [srun|mpirun|mpiexec|aprun ...] java [jvm options] "
                    + "(-cp CP | -jar JAR) MAIN [ARGS]");
        }
        int javaAt = -1;
        for (int i = 0; i < words.size(); i++) {
            if (name(words.get(i)).equals("java")) {
                javaAt = i;
                break;
            }
        }
        if (javaAt < 0) {
            throw new UsageException("the command after -- must start with java (or a launcher: srun, mpirun, mpiexec, "
                    + "aprun; or a wrapper such as env, numactl, taskset, then java), not " + words.get(0));
        }
        int programAt = 0;
        if (Launchers.isLauncherProgram(words.get(0))) {
            // The rank program starts at the first wrapper or java after the launcher's options.
            programAt = javaAt;
            for (int i = 1; i < javaAt; i++) {
                if (WRAPPERS.contains(name(words.get(i)))) {
                    programAt = i;
                    break;
                }
            }
        }
        if (programAt < javaAt && !WRAPPERS.contains(name(words.get(programAt)))) {
            throw new UsageException("the command after -- must start with java (or a launcher: srun, mpirun, mpiexec, "
                    + "aprun; or a wrapper: " + String.join(", ", WRAPPERS.stream().sorted().toList()) + "), not "
                    + words.get(programAt));
        }
        return new JobLine(words.subList(0, programAt), words.subList(programAt, javaAt), words.subList(javaAt, words.size()));
    }

    private static String name(String word) {
        try {
            return Path.of(word).getFileName().toString();
        } catch (RuntimeException e) {
            return word;
        }
    }
}
