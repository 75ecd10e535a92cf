package io.fanload.hooks.loader;

import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.util.HashSet;
import java.util.Set;

/**
 * What the loader takes from its parent (the JDK's application loader, whose class path is only
 * loader-hooks' own jar, also on the boot class path): every class of a package in a boot-layer
 * module, and fanload's own classes. Of the parent's resources the application sees the JDK's, plus
 * the one service file that registers the {@code fanload:} URL handler — never loader-hooks'
 * manifest or anything else of its jar, so {@code getResources("META-INF/MANIFEST.MF")} answers as
 * under {@code java -cp}.
 */
final class ParentView {

    static final String OWN_PACKAGE = "io.fanload.hooks.";
    private static final String OWN_RESOURCES = "io/fanload/hooks/";

    /** Packages of the modules in the boot layer: the JDK's, plus any from --module-path / --add-modules. */
    private final Set<String> modulePackages = new HashSet<>();
    /** How URLs into loader-hooks' own jar or folder begin. */
    private final String ownJarPrefix;
    private final String ownFilePrefix;

    /**
     * {@code startClassPath} is {@code java.class.path} as the JVM set it from {@code -cp} (the
     * application loader's class path: loader-hooks alone), or null for a loader that is not the
     * system loader.
     */
    ParentView(String startClassPath) {
        for (Module module : ModuleLayer.boot().modules()) {
            modulePackages.addAll(module.getPackages());
        }
        String location = ownLocation(startClassPath);
        ownFilePrefix = location;
        ownJarPrefix = "jar:".concat(location).concat("!/");
    }

    /**
     * Where loader-hooks' classes come from, as a {@code file:} URL. Classes from the boot class path
     * have no code source; then it is the application loader's class path, which holds loader-hooks
     * alone. (Asking the parent for this class's own file instead costs 14 ms on JDK 25: the boot
     * loader opens the jar again through java.util.zip, and a cleaner thread starts.)
     */
    private static String ownLocation(String startClassPath) {
        // not getProtectionDomain() for a boot class: the JDK builds an all-permissions domain for it,
        // eight java.security classes (2.5 ms on JDK 25, -Xlog:class+load stamps)
        if (ParentView.class.getClassLoader() != null) {
            CodeSource own = ParentView.class.getProtectionDomain().getCodeSource();
            if (own != null && own.getLocation() != null) {
                return own.getLocation().toString();
            }
        }
        if (startClassPath == null || startClassPath.isEmpty()) {
            return "\0"; // matches no URL: nothing of the parent's is hidden
        }
        int separator = startClassPath.indexOf(File.pathSeparatorChar);
        File element = new File(separator < 0 ? startClassPath : startClassPath.substring(0, separator));
        return element.getAbsoluteFile().toURI().toString();
    }

    /** True if {@code url} points into loader-hooks' own jar or folder. */
    boolean isOwn(URL url) {
        String text = url.toString();
        return text.startsWith(ownJarPrefix) || text.startsWith(ownFilePrefix);
    }

    /** True if class {@code name} is the parent's to load. */
    boolean parentLoads(String name) {
        if (name.startsWith("java.") || name.startsWith(OWN_PACKAGE)) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && modulePackages.contains(name.substring(0, dot));
    }

    /** True if a resource URL the parent returned may be shown to the application. */
    boolean shows(URL url, String name) {
        return !isOwn(url) || name.startsWith(OWN_RESOURCES);
    }
}
