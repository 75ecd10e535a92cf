package io.fanload.launch;

import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;

/**
 * The JVM options that {@code java -jar} takes from the jar's manifest: {@code Add-Exports} and
 * {@code Add-Opens} (each {@code module/package}, space-separated) export or open to every unnamed
 * module. launch starts ranks with {@code -cp} and the main class, where the JVM never reads the
 * manifest for them, so they must become {@code --add-exports} and {@code --add-opens}: a formatter
 * that uses javac's internals (google-java-format's all-deps jar) otherwise fails with
 * IllegalAccessError.
 *
 * <p>Not carried: {@code Launcher-Agent-Class} (an agent the launcher starts from the jar) and
 * {@code Enable-Native-Access} (JDK 22+; served ranks enable native access anyway).
 */
final class JarManifestOptions {

    private static final Attributes.Name ADD_EXPORTS = new Attributes.Name("Add-Exports");
    private static final Attributes.Name ADD_OPENS = new Attributes.Name("Add-Opens");

    private JarManifestOptions() {
    }

    static List<String> of(Attributes main) {
        List<String> options = new ArrayList<>();
        add(options, "--add-exports=", main.getValue(ADD_EXPORTS));
        add(options, "--add-opens=", main.getValue(ADD_OPENS));
        return options;
    }

    private static void add(List<String> options, String option, String value) {
        if (value == null) {
            return;
        }
        for (String modulePackage : value.trim().split("\\s+")) {
            String[] parts = modulePackage.split("/", -1);
            // the launcher silently skips a module or package the JDK lacks (LauncherHelper), where
            // the option would print a warning; judged by launch's JDK, normally the ranks' own
            if (parts.length == 2 && ModuleFinder.ofSystem().find(parts[0])
                    .filter(module -> module.descriptor().packages().contains(parts[1])).isPresent()) {
                options.add(option + modulePackage + "=ALL-UNNAMED");
            }
        }
    }
}
