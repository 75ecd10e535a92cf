package io.fanload.compat;

import compat.app.Answer;
import compat.app.EcjMain;
import io.fanload.hooks.testing.TestJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compilers that run inside the job and compile against its class path: Groovy 4 (resolves through
 * the class loader, and opens its own jar as a zip file system for its default imports), Scala 2
 * with {@code -usejavacp} and ecj without {@code -classpath} (both open every element of
 * java.class.path themselves). Each compiled program calls a class of another class-path jar.
 */
class CompilerCompatIT {

    @TempDir
    Path work;

    private Path shared() throws IOException {
        return Files.createDirectories(work.resolve("shared"));
    }

    private Path answerJar() throws IOException {
        return TestJars.jar(shared().resolve("answer.jar"), null, TestJars.classes(Answer.class));
    }

    private Path input(String name, String text) throws IOException {
        return Files.writeString(Files.createDirectories(work.resolve("input")).resolve(name), text);
    }

    @Test
    void groovyCompilesAScriptAgainstTheClassPath() throws Exception {
        List<Path> classPath = new ArrayList<>(Apps.copy(shared(), "groovy-"));
        classPath.add(answerJar());
        Path script = input("script.groovy", """
                def sorted = [3, 1, 2].sort()
                println "groovy ${compat.app.Answer.value()} ${sorted} ${sorted.collect { it * 2 }.sum()} ${'banana'.replaceAll(/a+/, '-')}"
                """);
        Pipeline.Served served = new Pipeline(work, shared(), classPath, "groovy.ui.GroovyMain", script.toString())
                .checkRecordThenServe();
        assertEquals("groovy 42 [1, 2, 3] 12 b-n-n-\n", served.run().out());
    }

    @Test
    void scalaCompilesAScriptAgainstJavaClassPath() throws Exception {
        List<Path> classPath = new ArrayList<>(Apps.copy(shared(), "scala-compiler-", "scala-library-", "scala-reflect-",
                "java-diff-utils-", "jline-"));
        classPath.add(answerJar());
        // -usejavacp: the compiler's class path is java.class.path, read as files
        Pipeline.Served served = new Pipeline(work, shared(), classPath, "scala.tools.nsc.MainGenericRunner", "-usejavacp", "-e",
                "println(s\"scala ${compat.app.Answer.value()} ${List(3, 1, 2).sorted} ${\"banana\".replaceAll(\"a+\", \"-\")}\")")
                .checkRecordThenServe();
        assertEquals("scala 42 List(1, 2, 3) b-n-n-\n", served.run().out());
    }

    @Test
    void ecjCompilesAgainstJavaClassPath() throws Exception {
        List<Path> classPath = new ArrayList<>();
        classPath.add(TestJars.jar(shared().resolve("ecj-main.jar"), null, TestJars.classes(EcjMain.class)));
        classPath.addAll(Apps.copy(shared(), "ecj-"));
        classPath.add(answerJar());
        Path source = input("Uses.java", """
                public class Uses {
                    public static void main(String[] args) {
                        System.out.println("ecj " + compat.app.Answer.value() + " " + java.util.List.of(3, 1, 2).stream().sorted().toList());
                    }
                }
                """);
        Pipeline.Served served = new Pipeline(work, shared(), classPath, "compat.app.EcjMain", source.toString(), "Uses")
                .checkRecordThenServe();
        assertEquals("ecj compiled: true\necj 42 [1, 2, 3]\n", served.run().out());
    }
}
