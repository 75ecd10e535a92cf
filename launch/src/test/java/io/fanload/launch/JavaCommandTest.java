package io.fanload.launch;

import org.junit.jupiter.api.BeforeEach;
import io.fanload.launch.cli.UsageException;
import org.junit.jupiter.api.Test;
import io.fanload.launch.cli.UsageException;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JavaCommand must read a command exactly as the real java launcher does: compared with one. */
class JavaCommandTest {

    @TempDir
    Path dir;
    private String java;

    @BeforeEach
    void buildEcho() throws IOException {
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path src = Files.createDirectories(dir.resolve("src/echo"));
        Files.writeString(src.resolve("Echo.java"), "package echo; public class Echo { public static void main(String[] a) {"
                + " System.out.println(System.getProperty(\"java.class.path\"));"
                + " System.out.println(System.getProperty(\"echo.flag\"));"
                + " for (String s : a) System.out.println(\"[\" + s + \"]\"); } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Echo.java").toString()));
        Files.createDirectories(dir.resolve("lib"));
        jar(dir.resolve("lib/echo.jar"), classes, null);
        Files.write(dir.resolve("lib/zother.jar"), emptyJar());
        Files.writeString(dir.resolve("lib/readme.txt"), "not a jar");
    }

    @Test
    void argFileWithQuotesCommentsAndWildcardMatchesTheJavaLauncher() throws Exception {
        Path argFile = dir.resolve("args.txt");
        Files.writeString(argFile, "# a comment line\n-Decho.flag=\"a b\"  # trailing comment\n"
                + "-cp lib/*\necho.Echo 'one two' \"three\\tfour\" @@literal\n");
        List<String> argv = List.of(java, "-Xss2m", "@" + argFile.getFileName(), "last");
        JavaCommand parsed = JavaCommand.parse(argv, Map.of(), dir);
        List<String> real = run(argv);
        assertEquals(List.of("-Xss2m", "-Decho.flag=a b"), parsed.jvmOptions());
        assertEquals("echo.Echo", parsed.mainClass());
        assertEquals(new HashSet<>(List.of(real.get(0).split(File.pathSeparator))),
                new HashSet<>(parsed.classPath().stream().map(p -> dir.relativize(Path.of(p)).toString()).toList()),
                "same jars as the launcher's wildcard expansion");
        assertEquals("a b", real.get(1));
        List<String> realArgs = real.subList(2, real.size()).stream().map(s -> s.substring(1, s.length() - 1)).toList();
        assertEquals(realArgs, parsed.args());
        assertEquals(List.of("one two", "three\tfour", "@@literal", "last"), parsed.args(), "@@ is an escape on the command line only");
    }

    @Test
    void argumentsAfterTheMainClassAreTheApplicationsEvenWithAnAt() throws Exception {
        Files.writeString(dir.resolve("opts.txt"), "-Decho.flag=set -cp lib/echo.jar\n");
        Files.writeString(dir.resolve("app.txt"), "not for the launcher\n");
        List<String> argv = List.of(java, "@opts.txt", "echo.Echo", "@app.txt", "@@x", "@no-such-file");
        JavaCommand parsed = JavaCommand.parse(argv, Map.of(), dir);
        List<String> real = run(argv);
        assertEquals("set", real.get(1));
        assertEquals(List.of("[@app.txt]", "[@@x]", "[@no-such-file]"), real.subList(2, real.size()));
        assertEquals(List.of("@app.txt", "@@x", "@no-such-file"), parsed.args(), "passed on as given, as java does");

        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "echo.Echo");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/echo.jar");
        jar(dir.resolve("main.jar"), null, manifest);
        List<String> jarArgv = List.of(java, "-jar", "main.jar", "@app.txt");
        assertEquals(List.of("[@app.txt]"), run(jarArgv).subList(2, 3));
        assertEquals(List.of("@app.txt"), JavaCommand.parse(jarArgv, Map.of(), dir).args(), "after -jar's jar too");
    }

    @Test
    void jarModeTakesTheMainClassFromTheManifestAndOnlyTheJarAsClassPath() throws Exception {
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "echo.Echo");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "../lib/echo.jar extra/");
        jar(app.resolve("main.jar"), null, manifest);
        List<String> argv = List.of(java, "--class-path=ignored", "-jar", "app/main.jar", "x", "-y");
        JavaCommand parsed = JavaCommand.parse(argv, Map.of(), dir);
        List<String> real = run(argv);
        assertEquals("echo.Echo", parsed.mainClass());
        assertEquals("app/main.jar", real.get(0), "the launcher reports only the jar as java.class.path");
        assertEquals(List.of(dir.resolve("app/main.jar").toString()), parsed.classPath(),
                "the jar alone: the loader follows its Class-Path as the JDK's does");
        assertEquals(List.of("[x]", "[-y]"), real.subList(2, 4));
        assertEquals(List.of("x", "-y"), parsed.args());
    }

    @Test
    void jarModeKeepsTheExportsAndOpensItsManifestAsksFor() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/probe"));
        Files.writeString(src.resolve("Probe.java"), "package probe; public class Probe { public static void main(String[] a)"
                + " throws Exception { java.lang.reflect.Field f = String.class.getDeclaredField(\"value\");"
                + " f.setAccessible(true); System.out.println(\"opened\");"
                + " System.out.println(Class.forName(\"com.sun.tools.javac.util.Context\").getConstructor().newInstance()"
                + " != null ? \"exported\" : \"\"); } }");
        Path classes = Files.createDirectories(dir.resolve("probe-classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Probe.java").toString()));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "probe.Probe");
        manifest.getMainAttributes().putValue("Add-Opens", "java.base/java.lang");
        // the launcher skips a module the JDK lacks without a word; --add-exports would warn
        manifest.getMainAttributes().putValue("Add-Exports", "jdk.compiler/com.sun.tools.javac.util no.such.module/x");
        jar(dir.resolve("probe.jar"), classes, manifest);
        List<String> argv = List.of(java, "-jar", "probe.jar");
        JavaCommand parsed = JavaCommand.parse(argv, Map.of(), dir);
        assertEquals(List.of("--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED"), parsed.jvmOptions());
        List<String> asRanksRunIt = new ArrayList<>(List.of(java));
        asRanksRunIt.addAll(parsed.jvmOptions());
        asRanksRunIt.addAll(List.of("-cp", parsed.classPathString(), parsed.mainClass()));
        assertEquals(List.of("opened", "exported"), run(argv));
        assertEquals(run(argv), run(asRanksRunIt), "-cp with the options does what -jar does");
    }

    @Test
    void classPathSpellingsAndTheClasspathVariable() {
        for (String option : List.of("-cp", "-classpath", "--class-path")) {
            JavaCommand parsed = JavaCommand.parse(List.of("java", "-Xmx1g", option, "a.jar:b", "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED", "-ea", "M", "arg"), Map.of(), dir);
            assertEquals(List.of(dir.resolve("a.jar").toString(), dir.resolve("b").toString()), parsed.classPath());
            assertEquals(List.of("-Xmx1g", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-ea"), parsed.jvmOptions());
            assertEquals("M", parsed.mainClass());
        }
        JavaCommand fromEnv = JavaCommand.parse(List.of("/usr/bin/java", "M"), Map.of("CLASSPATH", "/x/y.jar"), dir);
        assertEquals(List.of("/x/y.jar"), fromEnv.classPath());
        assertEquals(List.of(dir.toString()), JavaCommand.parse(List.of("java", "M"), Map.of(), dir).classPath());
    }

    @Test
    void unsupportedOrBrokenCommandsSayWhy() {
        assertMessage(List.of(), "no command after --");
        assertMessage(List.of("python", "x.py"), "must start with java");
        assertMessage(List.of("java", "-cp", "a.jar"), "no main class");
        assertMessage(List.of("java", "-cp"), "-cp needs a value");
        assertMessage(List.of("java", "-m", "mod/main.Cls"), "not supported");
        assertMessage(List.of("java", "-jar"), "-jar needs a jar file");
        assertMessage(List.of("java", "-jar", "missing.jar"), "cannot read -jar");
        assertMessage(List.of("java", "@missing.args"), "argument file");
    }

    @Test
    void threadCaps() {
        ThreadCaps caps = ThreadCaps.parse("auto", 24, 24);
        assertEquals(1, caps.threads());
        assertEquals(List.of("-XX:ActiveProcessorCount=1"), caps.jvmOptions(List.of("-Xmx1g")));
        assertEquals(List.of(), caps.jvmOptions(List.of("-XX:ActiveProcessorCount=4")), "the user's setting wins");
        Map<String, String> env = caps.environment(Map.of("OMP_NUM_THREADS", "8"));
        assertEquals("1", env.get("MKL_NUM_THREADS"));
        assertTrue(!env.containsKey("OMP_NUM_THREADS"));
        assertEquals(6, ThreadCaps.parse("auto", 24, 4).threads());
        assertEquals(1, ThreadCaps.parse("auto", 2, 8).threads(), "at least one");
        assertEquals(3, ThreadCaps.parse("3", 24, 24).threads());
        assertEquals(Map.of(), ThreadCaps.parse("off", 24, 24).environment(Map.of()));
        assertThrows(UsageException.class, () -> ThreadCaps.parse("many", 24, 24));
        assertThrows(UsageException.class, () -> ThreadCaps.parse("0", 24, 24));
    }

    private void assertMessage(List<String> argv, String text) {
        UsageException e = assertThrows(UsageException.class, () -> JavaCommand.parse(argv, Map.of(), dir));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private List<String> run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out.lines().toList();
    }

    private static void jar(Path file, Path classes, Manifest manifest) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             JarOutputStream out = manifest == null ? new JarOutputStream(raw) : new JarOutputStream(raw, manifest)) {
            if (classes != null) {
                List<Path> files = new ArrayList<>();
                try (var walk = Files.walk(classes)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
                for (Path f : files) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString()));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
        }
    }

    private static byte[] emptyJar() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        new JarOutputStream(bytes).close();
        return bytes.toByteArray();
    }
}
