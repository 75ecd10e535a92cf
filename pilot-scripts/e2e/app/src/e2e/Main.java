package e2e;

import java.util.ServiceLoader;

/**
 * The end-to-end test's application: classes from two jars, a service, a resource, an absent
 * resource, and a JNI library whose DT_NEEDED dependency is a second library.
 */
public class Main {
    static native int answer();

    public static void main(String[] args) throws Exception {
        // The MPI launchers' ranks first: under mpirun or mpiexec inside Slurm, SLURM_PROCID is their daemon's.
        String rank = System.getenv().getOrDefault("OMPI_COMM_WORLD_RANK", System.getenv().getOrDefault("PMI_RANK",
                System.getenv().getOrDefault("SLURM_PROCID", System.getenv().getOrDefault("FANLOAD_RANK", "0"))));
        System.loadLibrary("e2egreet");
        StringBuilder line = new StringBuilder("rank " + rank + ":");
        for (Plugin plugin : ServiceLoader.load(Plugin.class)) {
            line.append(' ').append(plugin.name());
        }
        try (var in = Main.class.getResourceAsStream("/e2e/message.txt")) {
            line.append(' ').append(new String(in.readAllBytes()).trim());
        }
        line.append(" native=").append(answer());
        line.append(" absent=").append(Main.class.getResource("/e2e/absent.properties") == null);
        System.out.println(line);
    }
}
