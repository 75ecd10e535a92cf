package io.fanload.hooks.loader;

import java.net.URL;
import java.security.CodeSource;
import java.util.HashSet;
import java.util.Set;

/**
 * What the loader takes from its parent (the JDK's application loader, whose class path is only
 * loader-hooks' own jar): every class of a package in a boot-layer module, and fanload's own
 * classes. Of the parent's resources the application sees the JDK's, plus the one service file
 * that registers the {@code fanload:} URL handler — never loader-hooks' manifest or anything else
 * of its jar, so {@code getResources("META-INF/MANIFEST.MF")} answers as under {@code java -cp}.
 */
final class ParentView {

    static final String OWN_PACKAGE = "io.fanload.hooks.";
    private static final String OWN_RESOURCES = "io/fanload/hooks/";
    static final String HANDLER_SERVICE = io.fanload.hooks.serve.FanloadUrls.HANDLER_SERVICE;

    /** Packages of the modules in the boot layer: the JDK's, plus any from --module-path / --add-modules. */
    private final Set<String> modulePackages = new HashSet<>();
    /** How URLs into loader-hooks' own jar or folder begin. */
    private final String ownJarPrefix;
    private final String ownFilePrefix;

    ParentView() {
        for (Module module : ModuleLayer.boot().modules()) {
            modulePackages.addAll(module.getPackages());
        }
        CodeSource own = ParentView.class.getProtectionDomain().getCodeSource();
        String location = own == null || own.getLocation() == null ? "\0" : own.getLocation().toString();
        ownFilePrefix = location;
        ownJarPrefix = "jar:".concat(location).concat("!/");
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
        String text = url.toString();
        if (!text.startsWith(ownJarPrefix) && !text.startsWith(ownFilePrefix)) {
            return true;
        }
        return name.startsWith(OWN_RESOURCES) || name.equals(HANDLER_SERVICE);
    }
}
