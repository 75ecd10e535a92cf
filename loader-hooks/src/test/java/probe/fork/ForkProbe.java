package probe.fork;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * "parent" starts "child" in a JVM of its own with its own input arguments and class path (as JMH
 * starts a benchmark's fork), waits for it, then loads a class the child never loads; "child" loads
 * one the parent never loads. Both JVMs are one pilot rank: its record must hold both classes.
 */
public final class ForkProbe {

    private ForkProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            System.out.println(new ChildOnly());
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkProbe.class.getName(), "child"));
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        System.out.println("child exited " + status + ", " + new ParentOnly());
    }

    /** Loaded by the child JVM only. */
    static final class ChildOnly {
        @Override
        public String toString() {
            return "child";
        }
    }

    /** Loaded by the parent JVM only, after its child ended. */
    static final class ParentOnly {
        @Override
        public String toString() {
            return "parent";
        }
    }
}
