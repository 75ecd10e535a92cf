package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ranks' JDK carried in the archive (--runtime): whether the pilot carries it, and whether
 * served ranks run the node's copy — only of the very JDK the ranks' {@code java} is, so a job
 * started with another JDK than the pilot's runs its own. launch says its choice once.
 */
final class RuntimeCopy {

    private RuntimeCopy() {
    }

    /**
     * What a pilot's archive carries of the JDK: its {@code home} (null for none) and the line that
     * says why (null for nothing to say), said once the archive is written.
     */
    record Carried(Path home, String note) {
        static final Carried NONE = new Carried(null, null);
    }

    /** What the pilot's archive carries of {@code jdk}. */
    static Carried carriedByPilot(LaunchSettings settings, JdkProbe.Jdk jdk, LaunchReport report) {
        String why = settings.runtime().carry(jdk.home(), MountTable.ofThisHost()).orElse(null);
        report.put("runtimeCarried", why != null);
        if (why == null) {
            return new Carried(null, settings.runtime() != RuntimePolicy.AUTO ? null : "runtime: " + jdk.home()
                    + " is on a local file system; the archive leaves it out (--runtime cache carries it anyway)");
        }
        return new Carried(jdk.home(), "runtime: the archive carries " + jdk.home() + " (" + why
                + "); served ranks run the node's copy");
    }

    /** The JDK home the archive of {@code reader} carries, or null. */
    static String carried(ArchiveReader reader) {
        return reader.provenance(ArchiveFormat.PROVENANCE_RUNTIME_HOME);
    }

    /**
     * The carried JDK home ({@link #carried}, or null) that served ranks run as their node's copy, or
     * null: they run their own java.
     */
    static String servedHome(LaunchSettings settings, JdkProbe.Jdk jdk, String carried, LaunchReport report) {
        if (carried == null) {
            return null;
        }
        if (settings.runtime() == RuntimePolicy.SYSTEM) {
            settings.say("runtime: ranks run " + jdk.home() + " (--runtime system), not the archive's copy");
            return null;
        }
        if (!sameFolder(jdk.home(), Path.of(carried))) {
            ServingChecks.warn(settings, report, "the archive carries the runtime " + carried + " but ranks run "
                    + jdk.home() + ": they use their own (run the pilot with this java to carry it)");
            return null;
        }
        return carried;
    }

    private static boolean sameFolder(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
