package io.fanload.hooks.source;

import java.io.File;
import java.security.CodeSource;

/**
 * Where loader-hooks' own classes come from: the loader hides that jar's resources from the
 * application, and record mode leaves it out of the jars the application opened.
 */
public final class OwnClasses {

    private OwnClasses() {
    }

    /**
     * The jar or folder of loader-hooks' classes as a {@code file:} URL (a folder's ends in
     * {@code /}), or null if unknown. Classes from the boot class path have no code source; then it
     * is the first element of {@code startClassPath}, the application loader's class path as the
     * JVM set it from {@code -cp} (loader-hooks alone), null when this is not the system loader.
     * (Asking the boot loader for a class's own file as a resource instead costs 14 ms on JDK 25:
     * it opens the jar again through java.util.zip, and a cleaner thread starts.)
     */
    public static String location(String startClassPath) {
        // not getProtectionDomain() for a boot class: the JDK builds an all-permissions domain for it,
        // eight java.security classes (2.5 ms on JDK 25, -Xlog:class+load stamps)
        if (OwnClasses.class.getClassLoader() != null) {
            CodeSource own = OwnClasses.class.getProtectionDomain().getCodeSource();
            if (own != null && own.getLocation() != null) {
                return own.getLocation().toString();
            }
        }
        if (startClassPath == null || startClassPath.isEmpty()) {
            return null;
        }
        int separator = startClassPath.indexOf(File.pathSeparatorChar);
        File element = new File(separator < 0 ? startClassPath : startClassPath.substring(0, separator));
        return element.getAbsoluteFile().toURI().toString();
    }
}
