package io.fanload.launch;

import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.writer.tools.SourceStaleness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What launch checks and says before ranks are served: staleness, and warnings about serving. */
final class ServingChecks {

    private ServingChecks() {
    }

    /** What launch says, on its output and in the report, before ranks are served. */
    static void warnBeforeServing(LaunchSettings settings, LaunchReport report, RankCommands commands) {
        commands.servingWarning().ifPresent(warning -> warn(settings, report, warning));
        commands.notCarriedWarning().ifPresent(warning -> warn(settings, report, warning));
        commands.sharedPathWarning().ifPresent(warning -> warn(settings, report, warning));
    }

    /** One warning, the same on launch's output and in the report's warnings. */
    static void warn(LaunchSettings settings, LaunchReport report, String warning) {
        settings.warn(warning);
        report.warn(warning);
    }

    /** One stat per source of {@code reader}'s archive, by launch alone; returns whether ranks may serve from it. */
    static boolean checkStaleness(LaunchSettings settings, LaunchReport report, ArchiveReader reader,
                                  boolean truffleResources) throws IOException {
        Path cache = settings.cache();
        // A library Truffle unpacked into the home folder for the pilot: served ranks unpack their own.
        List<String> stale = SourceStaleness.check(reader, SourceStaleness.Depth.STAT,
                path -> truffleResources && TruffleResources.isUnpackedCopy(path));
        if (stale.isEmpty()) {
            return true;
        }
        String what = stale.get(0) + (stale.size() > 1 ? " (and " + (stale.size() - 1) + " more)" : "");
        report.put("staleSources", stale);
        switch (settings.stale()) {
            case REFUSE:
                throw new ArchiveException(cache + ": stale cache: " + what + "; run the pilot again");
            case SERVE:
                settings.warn("stale cache, serving the recorded bytes (--stale=serve): " + what);
                report.warn("stale cache served: " + what);
                return true;
            default:
                settings.warn("stale cache, every rank loads the normal way: " + what + "; run the pilot again");
                report.warn("stale cache, fallback: " + what);
                return false;
        }
    }
}
