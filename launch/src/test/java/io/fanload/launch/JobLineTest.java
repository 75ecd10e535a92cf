package io.fanload.launch;

import io.fanload.launch.cli.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command after --, taken apart as a job script's line: launcher, wrappers, java. */
class JobLineTest {

    @Test
    void aPlainJavaCommandHasNoLauncherAndNoWrapper() {
        JobLine line = JobLine.split(List.of("/opt/jdk/bin/java", "-Xmx1g", "-cp", "a.jar", "M"));
        assertEquals(List.of(), line.launcher());
        assertEquals(List.of(), line.wrapper());
        assertEquals(List.of("/opt/jdk/bin/java", "-Xmx1g", "-cp", "a.jar", "M"), line.java());
    }

    @Test
    void theLaunchersOwnLineIsKeptAsGivenAndWrappersStayInFrontOfJava() {
        JobLine line = JobLine.split(List.of("srun", "-n", "64", "--cpu-bind=cores", "numactl", "--interleave=all",
                "java", "-cp", "a.jar", "M", "x"));
        assertEquals(List.of("srun", "-n", "64", "--cpu-bind=cores"), line.launcher());
        assertEquals(List.of("numactl", "--interleave=all"), line.wrapper());
        assertEquals(List.of("java", "-cp", "a.jar", "M", "x"), line.java());

        JobLine env = JobLine.split(List.of("/usr/bin/mpirun", "-np", "4", "-x", "A=1", "env", "B=2", "taskset", "-c", "0-3",
                "java", "M"));
        assertEquals(List.of("/usr/bin/mpirun", "-np", "4", "-x", "A=1"), env.launcher());
        assertEquals(List.of("env", "B=2", "taskset", "-c", "0-3"), env.wrapper());
        assertEquals(List.of("env", "X=1"), JobLine.split(List.of("env", "X=1", "java", "M")).wrapper());
    }

    @Test
    void anythingElseIsOneUsageLine() {
        UsageException python = assertThrows(UsageException.class, () -> JobLine.split(List.of("python3", "m.py")));
        assertTrue(python.getMessage().contains("must start with java"), python.getMessage());
        UsageException strace = assertThrows(UsageException.class,
                () -> JobLine.split(List.of("strace", "-f", "java", "M")));
        assertTrue(strace.getMessage().contains("not strace"), strace.getMessage());
        assertThrows(UsageException.class, () -> JobLine.split(List.of("srun", "-n", "4", "hostname")));
        assertThrows(UsageException.class, () -> JobLine.split(List.of()));
    }
}
