package io.fanload.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * Whether the loader-hooks that ranks get carries its JDK 22+ archive mapping. That class
 * ({@code SegmentMapping}, from loader-hooks/src/main/java22) is compiled only when fanload is built on
 * JDK 22 or later; a build on JDK 17 leaves it out and runs everywhere, but then ranks on JDK 22+ map
 * the archive through {@code FileChannel.map}, whose buffer comes from a reflective constructor:
 * 34-42 ms against 12-20 ms in a fresh JDK 25 JVM, and a served Hello started in 166-193 ms of CPU
 * against 125-147 ms with the JDK 25 build (2026-11-22, docs/perf/loader.md).
 */
final class HooksBuild {

    static final String JDK22_MAPPING = "io/fanload/hooks/archive/SegmentMapping.class";
    private static final int FIRST_FEATURE_WITH_IT = 22;

    private HooksBuild() {
    }

    /** The warning for ranks on {@code rankFeature} served with the loader-hooks at {@code hooks}, if any. */
    static Optional<String> slowMappingWarning(int rankFeature, Path hooks) {
        if (rankFeature < FIRST_FEATURE_WITH_IT || hasJdk22Mapping(hooks)) {
            return Optional.empty();
        }
        return Optional.of("fanload was built on a JDK older than 22, so ranks on JDK " + rankFeature
                + " map the archive the slow way (about 20 ms more per rank); build fanload on JDK 22 or later"
                + " (it still runs on JDK 17)");
    }

    private static boolean hasJdk22Mapping(Path hooks) {
        if (Files.isDirectory(hooks)) {
            return Files.isRegularFile(hooks.resolve(JDK22_MAPPING));
        }
        try (ZipFile jar = new ZipFile(hooks.toFile())) {
            return jar.getEntry(JDK22_MAPPING) != null;
        } catch (IOException e) {
            return true; // not ours to judge: a jar that cannot be read fails loudly where it is used
        }
    }
}
