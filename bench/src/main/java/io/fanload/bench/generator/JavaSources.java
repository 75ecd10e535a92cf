package io.fanload.bench.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the Java sources of a generated application. Every application class implements
 * {@link java.util.function.LongUnaryOperator} (a JDK interface, so the application needs nothing
 * from fanload or bench): its {@code applyAsLong} calls each of its own methods, one utility class,
 * and walks {@code callDepth} classes in the following jars, as Pynamic's module functions call
 * into other modules and its utility libraries.
 */
final class JavaSources {

    /** Characters of the padding: base64-like, so a jar deflates it to ~75 %, as real class files. */
    private static final char[] PAD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    /** Modified UTF-8 caps one string constant at 65,535 bytes; padding is split into pieces of this. */
    private static final int PAD_PIECE = 60_000;

    private final AppSpec spec;
    private final Names names;
    private final SplittableRandom random;

    JavaSources(AppSpec spec) {
        this.spec = spec;
        this.names = new Names(spec);
        this.random = new SplittableRandom(spec.seed());
    }

    /** Writes every source file under {@code dir}; returns them, and the class names in load order. */
    Written write(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int u = 0; u < spec.utilityJars(); u++) {
            for (int i = 0; i < spec.utilityClasses(); i++) {
                files.add(write(dir, Names.utilityPackage(u), names.utilityClass(u, i), utilityClass(u, i)));
            }
        }
        for (int j = 0; j < spec.appJars(); j++) {
            for (int i = 0; i < spec.classesPerJar(); i++) {
                files.add(write(dir, Names.appPackage(j), names.appClass(j, i), appClass(j, i)));
                classes.add(Names.appPackage(j) + "." + names.appClass(j, i));
            }
        }
        for (int k = 0; k < spec.natives(); k++) {
            files.add(write(dir, Names.NATIVE_PACKAGE, Names.nativeClass(k), nativeClass(k)));
            classes.add(Names.NATIVE_PACKAGE + "." + Names.nativeClass(k));
        }
        return new Written(files, classes);
    }

    record Written(List<Path> files, List<String> classes) {
    }

    private static Path write(Path dir, String pkg, String cls, String text) throws IOException {
        Path folder = dir.resolve(pkg.replace('.', '/'));
        Files.createDirectories(folder);
        Path file = folder.resolve(cls + ".java");
        Files.writeString(file, text);
        return file;
    }

    private String appClass(int jar, int index) {
        String self = names.appClass(jar, index);
        StringBuilder sb = new StringBuilder(spec.padBytes() + 2048);
        sb.append("package ").append(Names.appPackage(jar)).append(";\n\n")
          .append("public final class ").append(self).append(" implements java.util.function.LongUnaryOperator {\n");
        padding(sb);
        sb.append("    public long applyAsLong(long x) {\n        return walk(x, ").append(spec.callDepth()).append(");\n    }\n\n");
        sb.append("    public static long walk(long x, int depth) {\n        long v = x;\n");
        for (int m = 0; m < spec.methodsPerClass(); m++) {
            sb.append("        v = ").append(names.method(m)).append("(v);\n");
        }
        if (spec.utilityJars() > 0) {
            int u = random.nextInt(spec.utilityJars());
            sb.append("        v ^= ").append(Names.utilityPackage(u)).append('.')
              .append(names.utilityClass(u, random.nextInt(spec.utilityClasses()))).append(".mix(v);\n");
        }
        sb.append("        v += PAD0.length();\n");
        // The next hop: a random class of the next jar (the last jar wraps to the first).
        int next = (jar + 1) % spec.appJars();
        sb.append("        return depth == 0 ? v : ").append(Names.appPackage(next)).append('.')
          .append(names.appClass(next, random.nextInt(spec.classesPerJar()))).append(".walk(v, depth - 1);\n    }\n");
        for (int m = 0; m < spec.methodsPerClass(); m++) {
            long k = random.nextLong() | 1;
            sb.append("\n    static long ").append(names.method(m)).append("(long x) {\n        return x * ")
              .append(k).append("L + ").append(m + index).append(";\n    }\n");
        }
        return sb.append("}\n").toString();
    }

    private String utilityClass(int jar, int index) {
        StringBuilder sb = new StringBuilder(spec.padBytes() + 512);
        sb.append("package ").append(Names.utilityPackage(jar)).append(";\n\n")
          .append("public final class ").append(names.utilityClass(jar, index)).append(" {\n");
        padding(sb);
        sb.append("    public static long mix(long x) {\n        x ^= x >>> 33;\n        x *= ")
          .append(random.nextLong() | 1).append("L;\n        return x ^ (x >>> 29) ^ PAD0.length();\n    }\n}\n");
        return sb.toString();
    }

    private static String nativeClass(int lib) {
        return "package " + Names.NATIVE_PACKAGE + ";\n\n"
                + "public final class " + Names.nativeClass(lib) + " implements java.util.function.LongUnaryOperator {\n"
                + "    static {\n        System.loadLibrary(\"" + Names.nativeLibrary(lib) + "\");\n    }\n\n"
                + "    static native long value(long x);\n\n"
                + "    public long applyAsLong(long x) {\n        return value(x);\n    }\n}\n";
    }

    /** At least one constant ({@code PAD0}, used by the code so it stays), then the rest in pieces. */
    private void padding(StringBuilder sb) {
        int left = spec.padBytes();
        int piece = 0;
        do {
            int n = Math.min(left, PAD_PIECE);
            sb.append("    static final String PAD").append(piece++).append(" = \"");
            for (int i = 0; i < n; i++) {
                sb.append(PAD[random.nextInt(PAD.length)]);
            }
            sb.append("\";\n");
            left -= n;
        } while (left > 0);
        sb.append('\n');
    }
}
