package io.fanload.writer.build;

import java.nio.file.Path;
import java.util.Map;

/**
 * A JVM cache the pilot trained on the application's own command (launch --jvm-cache), to be
 * carried whole in the archive: the file, and the provenance that says where and how it was made
 * ({@code jvmcache.*} keys of {@link io.fanload.hooks.archive.ArchiveFormat}).
 */
public record TrainedJvmCache(Path file, Map<String, String> provenance) {

    public TrainedJvmCache {
        file = file.toAbsolutePath().normalize();
        provenance = Map.copyOf(provenance);
    }
}
