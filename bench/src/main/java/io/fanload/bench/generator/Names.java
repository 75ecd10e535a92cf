package io.fanload.bench.generator;

import java.util.SplittableRandom;

/**
 * Names of the generated packages, classes, methods and libraries. Pynamic pads symbol names so the
 * dynamic linker's string tables have realistic sizes; here class and method names are padded to
 * {@link AppSpec#nameLength()} characters, which sizes the constant pools and the archive's name
 * index the same way (real code has names of 30-80 characters: {@code org.apache...Factory}).
 */
final class Names {

    private static final char[] LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private final AppSpec spec;

    Names(AppSpec spec) {
        this.spec = spec;
    }

    static String appPackage(int jar) {
        return String.format("gen.j%03d", jar);
    }

    static String utilityPackage(int jar) {
        return String.format("gen.u%02d", jar);
    }

    static final String NATIVE_PACKAGE = "gen.nat";

    String appClass(int jar, int index) {
        return padded(String.format("C%03d_%03d_", jar, index), 1_000_003L * jar + index);
    }

    String utilityClass(int jar, int index) {
        return padded(String.format("U%02d_%03d_", jar, index), -1_000_003L * (jar + 1) - index);
    }

    String method(int index) {
        return padded(String.format("m%02d_", index), 7_777_777L + index);
    }

    static String nativeClass(int lib) {
        return String.format("N%03d", lib);
    }

    static String nativeLibrary(int lib) {
        return String.format("gennat%03d", lib);
    }

    /** {@code prefix} followed by letters chosen from the seed and {@code salt}, to nameLength. */
    private String padded(String prefix, long salt) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + salt);
        StringBuilder sb = new StringBuilder(spec.nameLength()).append(prefix);
        while (sb.length() < spec.nameLength()) {
            sb.append(LETTERS[random.nextInt(LETTERS.length)]);
        }
        return sb.toString();
    }
}
