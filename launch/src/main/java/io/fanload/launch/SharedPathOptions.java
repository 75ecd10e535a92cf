package io.fanload.launch;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * System properties that name, on the shared file system, a folder whose files the archive carries:
 * a launcher's home ({@code -Dmaven.home}, {@code -Dcatalina.home}) from which the application opens
 * its own jars and configuration. fanload hands ranks node copies only through the class path and
 * {@code -javaagent}, so those reads stay on the shared file system and outside the report's counters
 * (Maven's plexus-classworlds launcher: about 2,300 calls per rank). Said, not rewritten: a property
 * may as well name where the job writes.
 */
final class SharedPathOptions {

    private SharedPathOptions() {
    }

    /** One warning for the first such option of {@code jvmOptions}, or empty. */
    static Optional<String> warning(List<String> jvmOptions, Set<String> carried) {
        for (String option : jvmOptions) {
            int equals = option.indexOf('=');
            if (!option.startsWith("-D") || equals < 0) {
                continue;
            }
            for (String element : option.substring(equals + 1).split(File.pathSeparator)) {
                if (holdsCarried(element, carried)) {
                    return Optional.of("the JVM option " + option + " names " + element + ", which holds files the"
                            + " archive carries, on the shared file system: what the application opens through it"
                            + " (its own class loaders, configuration) is read there by every rank and not counted in"
                            + " the report; ranks get node copies through the class path and -javaagent only");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean holdsCarried(String element, Set<String> carried) {
        if (!element.startsWith("/")) {
            return false;
        }
        String folder = Path.of(element).normalize().toString();
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        return carried.stream().anyMatch(file -> file.startsWith(prefix));
    }
}
