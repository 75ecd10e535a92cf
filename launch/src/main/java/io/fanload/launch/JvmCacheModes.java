package io.fanload.launch;

import io.fanload.launch.cli.UsageException;

import java.util.Locale;

/** The two options of the pilot-trained JVM cache: {@code --jvm-cache} (pilot) and {@code --serve} (read-cache). */
final class JvmCacheModes {

    private JvmCacheModes() {
    }

    /** {@code --jvm-cache}: whether the pilot trains a JVM cache on the application's command. */
    enum Training {
        /** Train where the JDK and the class path allow it (the default). */
        AUTO,
        /** No training run; the archive carries no JVM cache. */
        OFF;

        static Training parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--jvm-cache must be auto or off, not '" + value + "'");
            }
        }
    }

    /** {@code --serve}: what answers a served rank's class loads. */
    enum Serve {
        /** The trained cache where it matches, else fanload's loader (the default). */
        AUTO,
        /** fanload's loader, even where a trained cache would match. */
        LOADER,
        /** The trained cache; a job whose archive has none that matches stops before any rank starts. */
        CACHE;

        static Serve parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--serve must be auto, loader or cache, not '" + value + "'");
            }
        }
    }
}
