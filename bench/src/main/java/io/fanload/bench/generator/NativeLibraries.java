package io.fanload.bench.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Builds the K JNI libraries with gcc: {@code libgennatK.so} exports {@code gen.nat.NK.value} and a
 * plain C function that calls library K-1's ({@code DT_NEEDED}, found through {@code RUNPATH
 * $ORIGIN} when run plainly), so every {@code System.loadLibrary} past the first makes the dynamic
 * linker open and relocate a chain of libraries, as Pynamic's modules do. Each library carries
 * {@link AppSpec#nativeKib()} KiB of random read-only data pulled in with {@code .incbin}: gcc then
 * compiles a 2 MiB library in the time of a 10-line one (a C array initialiser of that size takes
 * seconds per library).
 */
final class NativeLibraries {

    private final AppSpec spec;

    NativeLibraries(AppSpec spec) {
        this.spec = spec;
    }

    /** Builds every library into {@code lib}, using {@code work} for sources; returns the files. */
    List<Path> build(Path lib, Path work) throws IOException, InterruptedException {
        Files.createDirectories(lib);
        Files.createDirectories(work);
        Path javaHome = Path.of(System.getProperty("java.home"));
        SplittableRandom random = new SplittableRandom(spec.seed() ^ 0x5DEECE66DL);
        List<Path> built = new ArrayList<>();
        for (int k = 0; k < spec.natives(); k++) {
            Path pad = work.resolve("pad" + k + ".bin");
            byte[] bytes = new byte[Math.max(1, spec.nativeKib()) * 1024];
            random.nextBytes(bytes);
            Files.write(pad, bytes);
            Path source = work.resolve(Names.nativeLibrary(k) + ".c");
            Files.writeString(source, source(k, pad, bytes.length));
            Path out = lib.resolve("lib" + Names.nativeLibrary(k) + ".so");
            List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1",
                    "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"),
                    "-Wl,-soname,lib" + Names.nativeLibrary(k) + ".so", "-o", out.toString(), source.toString()));
            if (k > 0) {
                cmd.addAll(List.of("-L" + lib, "-l" + Names.nativeLibrary(k - 1), "-Wl,-rpath,$ORIGIN"));
            }
            run(cmd, work);
            built.add(out);
        }
        return built;
    }

    private static String source(int k, Path pad, int padLength) {
        String self = Names.nativeLibrary(k);
        StringBuilder c = new StringBuilder();
        c.append("#include <jni.h>\n#include <stdint.h>\n\n");
        c.append("__asm__(\".section .rodata\\n.global ").append(self).append("_pad\\n")
         .append(self).append("_pad:\\n.incbin \\\"").append(pad.toAbsolutePath()).append("\\\"\\n.previous\\n\");\n");
        c.append("extern const unsigned char ").append(self).append("_pad[];\n");
        if (k > 0) {
            c.append("extern int64_t ").append(Names.nativeLibrary(k - 1)).append("_compute(int64_t x);\n");
        }
        c.append("\nint64_t ").append(self).append("_compute(int64_t x) {\n    int64_t v = x * 6364136223846793005LL + ")
         .append(k).append(" + ").append(self).append("_pad[(uint64_t) x % ").append(padLength).append("];\n");
        if (k > 0) {
            c.append("    v ^= ").append(Names.nativeLibrary(k - 1)).append("_compute(x + 1);\n");
        }
        c.append("    return v;\n}\n\n");
        c.append("JNIEXPORT jlong JNICALL Java_gen_nat_").append(Names.nativeClass(k))
         .append("_value(JNIEnv *env, jclass cls, jlong x) {\n    return (jlong) ").append(self).append("_compute((int64_t) x);\n}\n");
        return c.toString();
    }

    static void run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd.get(0) + " failed (" + p.exitValue() + "): " + out.strip());
        }
    }
}
