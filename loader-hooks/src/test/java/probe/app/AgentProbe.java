package probe.app;

/** A -javaagent whose jar the JVM hands to the system loader (appendToClassPathForInstrumentation). */
public final class AgentProbe {

    private AgentProbe() {
    }

    public static void premain(String arguments) {
        System.out.println("premain, loaded by " + AgentProbe.class.getClassLoader().getClass().getSimpleName());
    }
}
