package io.fanload.launch;

import io.fanload.hooks.image.NodeImageLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankCommandsTest {

    private static final NodeImageLayout LAYOUT = new NodeImageLayout(Path.of("/dev/shm/fanload-7-1"));

    private static RankCommands commands(List<String> jvmOptions) {
        JavaCommand command = new JavaCommand("java", jvmOptions, List.of("/pfs/app.jar"), "app.Main", List.of("x"));
        return new RankCommands(command, 17, ThreadCaps.of(2), Map.of("PATH", "/usr/bin"));
    }

    @Test
    void servingRankKeepsTheUsersOptionsAndLibraryPathForMisses() {
        RankCommands commands = commands(List.of("-Xmx1g", "-Djava.library.path=/pfs/a", "-Djava.library.path=/pfs/lib"));
        assertEquals("/pfs/lib", commands.userLibraryPath(), "the last one wins, as in the JVM");
        List<String> argv = commands.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"),
                null, true, null);
        assertEquals("java", argv.get(0));
        assertTrue(argv.contains("-Xmx1g") && argv.contains("-XX:ActiveProcessorCount=2"), argv.toString());
        assertTrue(argv.contains("-Dfanload.library.path=/pfs/lib"), argv.toString());
        int userPath = argv.indexOf("-Djava.library.path=/pfs/lib");
        int nodePath = argv.indexOf("-Djava.library.path=/dev/shm/fanload-7-1/lib");
        assertTrue(userPath >= 0 && nodePath > userPath, "the node's lib/ comes later, so it wins: " + argv);
        assertTrue(argv.contains("-Dfanload.strict=true"), argv.toString());
        assertEquals(List.of("-Xbootclasspath/a:/dev/shm/fanload-7-1/loader-hooks.jar", "-cp", "/dev/shm/fanload-7-1/loader-hooks.jar",
                "app.Main", "x"), argv.subList(argv.size() - 5, argv.size()));
        assertEquals(commands(List.of()).userLibraryPath(), System.getProperty("java.library.path"), "else the JDK default");
    }

    @Test
    void aCarriedAgentJarIsNamedByItsNodeCopyInServedRanksOnly() {
        JavaCommand command = JavaCommand.parse(List.of("java", "-javaagent:lib/agent.jar=destfile=a=b",
                "-javaagent:/elsewhere/other.jar", "-cp", "app.jar", "app.Main"), Map.of(), Path.of("/pfs"));
        assertEquals(List.of("-javaagent:/pfs/lib/agent.jar=destfile=a=b", "-javaagent:/elsewhere/other.jar"),
                command.jvmOptions(), "made absolute where the command was given");
        RankCommands commands = new RankCommands(command, 17, ThreadCaps.of(2), Map.of())
                .carrying(java.util.Set.of("/pfs/lib/agent.jar", "/pfs/app.jar"), false);
        List<String> served = commands.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"), null, false, null);
        assertTrue(served.contains("-javaagent:/dev/shm/fanload-7-1/cp/pfs/lib/agent.jar=destfile=a=b"), served.toString());
        assertTrue(served.contains("-javaagent:/elsewhere/other.jar"), "not carried: as given " + served);
        List<String> cached = commands.withJvmCache(LAYOUT, List.of(), false, null);
        assertTrue(cached.contains("-javaagent:/dev/shm/fanload-7-1/cp/pfs/lib/agent.jar=destfile=a=b"), cached.toString());
        assertTrue(commands.plain().contains("-javaagent:/pfs/lib/agent.jar=destfile=a=b"), commands.plain().toString());
    }

    /** Truffle 24.1+ unpacks its native resources where the property says: the node's folder, not the home folder. */
    @Test
    void truffleUnpacksIntoTheNodesFolderInServedRanksUnlessTheUserChose() {
        String option = "-Dpolyglot.engine.userResourceCache=/dev/shm/fanload-7-1/tmp/truffle-resources";
        RankCommands truffle = commands(List.of()).carrying(java.util.Set.of(), true);
        assertTrue(truffle.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"), null, false, null).contains(option));
        assertTrue(truffle.withJvmCache(LAYOUT, List.of(), false, null).contains(option));
        assertFalse(truffle.plain().stream().anyMatch(a -> a.contains("userResourceCache")), "the plain command as given");
        RankCommands older = commands(List.of()).carrying(java.util.Set.of(), false);
        assertFalse(older.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"), null, false, null).stream()
                .anyMatch(a -> a.contains("userResourceCache")), "Truffle 23.1 and 24.0 end the application on it");
        RankCommands chosen = commands(List.of("-Dpolyglot.engine.userResourceCache=/scratch/t")).carrying(java.util.Set.of(), true);
        List<String> served = chosen.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"), null, false, null);
        assertEquals(1, served.stream().filter(a -> a.contains("userResourceCache")).count(), served.toString());
    }

    @Test
    void aModulePathIsSaidToStayWhereItIs() {
        JavaCommand command = JavaCommand.parse(List.of("java", "-p", "/pfs/mods:/pfs/more.jar", "--add-modules", "m",
                "--upgrade-module-path=/pfs/up", "-cp", "/pfs/app.jar", "app.Main"), Map.of(), Path.of("/"));
        assertEquals(List.of("/pfs/mods", "/pfs/more.jar", "/pfs/up"), command.modulePath());
        String warning = new RankCommands(command, 17, ThreadCaps.of(2), Map.of()).notCarriedWarning().orElseThrow();
        assertTrue(warning.startsWith("the java command's module path (/pfs/mods:/pfs/more.jar:/pfs/up) is not carried"), warning);
        assertTrue(commands(List.of("-Xmx1g")).notCarriedWarning().isEmpty(), "nothing to say for a class path alone");
    }

    @Test
    void aRankNamesItselfFromTheLaunchersVariables() {
        RankCommands commands = commands(List.of());
        List<String> argv = commands.serve(LAYOUT, LAYOUT.root().resolve("loader-hooks.jar"), null, false, null);
        assertFalse(argv.stream().anyMatch(a -> a.startsWith("-Dfanload.rank=") || a.startsWith("-Dfanload.node=")), argv.toString());
        Map<String, String> env = commands.environment();
        assertFalse(env.containsKey("FANLOAD_RANK"));
        assertEquals("2", env.get("OMP_NUM_THREADS"));
        List<String> plain = commands.plain();
        assertEquals(List.of("java", "-XX:ActiveProcessorCount=2", "-cp", "/pfs/app.jar", "app.Main", "x"), plain);
    }
}
