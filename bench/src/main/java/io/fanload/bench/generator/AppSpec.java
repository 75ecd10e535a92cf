package io.fanload.bench.generator;

/**
 * The shape of a generated application. Everything derives from {@code seed}: the same spec gives
 * byte-identical sources, so runs on different days load the same application.
 *
 * @param appJars          jars of application classes (Pynamic's "modules")
 * @param classesPerJar    classes in each application jar
 * @param methodsPerClass  static methods per class besides the entry (each one is called by the entry)
 * @param callDepth        how many further classes, each in the next jar, one entry call walks through
 * @param utilityJars      jars of utility classes that every application class calls into
 * @param utilityClasses   classes per utility jar
 * @param nameLength       length class and method names are padded to (Pynamic pads symbol names)
 * @param padBytes         bytes of constant-pool padding per class (sets the archive size)
 * @param resourcesPerJar  small resources per application jar, each read once by the driver
 * @param absentPerJar     resource names per application jar that are probed but exist nowhere
 * @param natives          JNI libraries; library k links library k-1 (DT_NEEDED), so loading the
 *                         last one makes the dynamic linker resolve the whole chain
 * @param nativeKib        size of each JNI library's read-only padding, KiB
 * @param seed             seed for names, padding and call targets
 */
public record AppSpec(String name, int appJars, int classesPerJar, int methodsPerClass, int callDepth,
                      int utilityJars, int utilityClasses, int nameLength, int padBytes,
                      int resourcesPerJar, int absentPerJar, int natives, int nativeKib, long seed) {

    public AppSpec {
        if (appJars < 1 || classesPerJar < 1 || methodsPerClass < 0 || callDepth < 0 || utilityJars < 0
                || utilityClasses < 1 || nameLength < 8 || padBytes < 0 || resourcesPerJar < 0
                || absentPerJar < 0 || natives < 0 || nativeKib < 0) {
            throw new IllegalArgumentException("bad generator spec: " + name);
        }
        if (utilityJars > 0 && utilityClasses < 1) {
            throw new IllegalArgumentException("utility jars need classes");
        }
    }

    /**
     * The DLFM paper's Pynamic size: 10 libraries, about 9 MB in all. Here 8 application jars and
     * 2 utility jars (10 jars, ~2.6 MB) and 10 JNI libraries of 640 KiB (~6.5 MB).
     */
    public static AppSpec pynamic() {
        return new AppSpec("pynamic", 8, 60, 6, 4, 2, 40, 40, 4096, 4, 4, 10, 640, 42L);
    }

    /**
     * A large application: 500 jars (480 + 20 utility) of 40 classes, ~6 KiB of padding per class,
     * plus 20 JNI libraries of 2 MiB: about 150 MB on disk.
     */
    public static AppSpec large() {
        return new AppSpec("large", 480, 40, 6, 4, 20, 40, 48, 6144, 2, 2, 20, 2048, 42L);
    }

    /** A small application for unit tests: seconds to generate. */
    public static AppSpec tiny() {
        return new AppSpec("tiny", 3, 4, 2, 2, 1, 3, 16, 64, 1, 1, 2, 4, 7L);
    }

    public static AppSpec preset(String name) {
        return switch (name) {
            case "pynamic" -> pynamic();
            case "large" -> large();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("unknown preset " + name + " (pynamic, large, tiny)");
        };
    }

    public int appClasses() {
        return appJars * classesPerJar;
    }
}
