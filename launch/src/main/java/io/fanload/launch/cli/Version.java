package io.fanload.launch.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code --version} of launch and fanload-cache: the release and the commit it was built from, which
 * the build writes into {@code version.properties} ("unknown" when built without git).
 */
public final class Version implements CommandLine.IVersionProvider {

    /** The release, e.g. {@code 0.1.0}; "unknown" in a build that did not filter the resource (an IDE). */
    public static String release() {
        return value("version");
    }

    /** The git commit (12 hex digits) or "unknown". */
    public static String commit() {
        return value("commit");
    }

    /** One line: {@code fanload 0.1.0 (commit 0123456789ab)}. */
    public static String line() {
        return "fanload " + release() + " (commit " + commit() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line(), "Java " + System.getProperty("java.version") + " at " + System.getProperty("java.home")};
    }

    private static String value(String key) {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = properties.getProperty(key, "unknown");
        // An unfiltered resource still holds the Maven expression.
        return value.isBlank() || value.contains("${") ? "unknown" : value;
    }
}
