package io.fanload.launch;

import io.fanload.launch.cli.UsageException;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --runtime}: whether the pilot puts the ranks' JDK into the archive, and whether served ranks
 * run the node's copy of it. {@code auto} carries it when the JDK lives on a network or parallel file
 * system (where every rank's JVM start costs the metadata server ~130 calls under the JDK's folder).
 */
enum RuntimePolicy {
    AUTO, CACHE, SYSTEM;

    static RuntimePolicy parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--runtime must be auto, cache or system, not '" + value + "'");
        }
    }

    /** The pilot's choice for the JDK at {@code home}, with the reason launch says; empty: not carried. */
    Optional<String> carry(Path home, MountTable mounts) {
        switch (this) {
            case CACHE:
                return Optional.of("--runtime cache");
            case SYSTEM:
                return Optional.empty();
            default:
                Optional<MountTable.Mount> mount = mounts.find(home);
                return mount.filter(MountTable.Mount::shared)
                        .map(m -> "on " + m.type() + " at " + m.point() + ", a shared file system");
        }
    }
}
