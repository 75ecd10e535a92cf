package compat.app;

import org.eclipse.jdt.core.compiler.batch.BatchCompiler;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compiles the source file given as argument with ecj and no -classpath: ecj then compiles against
 * java.class.path, opening every element itself. Runs the result.
 */
public final class EcjMain {
    private EcjMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of("ecj-out")); // the run's own folder: ranks do not share it
        StringWriter messages = new StringWriter();
        PrintWriter writer = new PrintWriter(messages);
        boolean compiled = BatchCompiler.compile(new String[] {"-17", "-d", out.toString(), args[0]}, writer, writer, null);
        writer.flush();
        System.out.println("ecj compiled: " + compiled + messages);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, EcjMain.class.getClassLoader())) {
            loader.loadClass(args[1]).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        }
    }
}
