package io.fanload.hooks.loader;

import io.fanload.hooks.source.OwnClasses;

import java.net.URL;
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
        String own = OwnClasses.location(startClassPath);
        String location = own == null ? "\0" : own; // "\0" matches no URL: nothing of the parent's is hidden
        ownFilePrefix = location;
        ownJarPrefix = "jar:".concat(location).concat("!/");
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
