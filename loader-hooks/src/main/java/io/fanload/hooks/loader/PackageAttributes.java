package io.fanload.hooks.loader;

import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The package attributes {@code URLClassLoader.definePackage} takes from a jar's manifest: the
 * per-package section ({@code Name: a/b/}) first, the main section for what it leaves unset.
 * Without them {@code getPackage().getImplementationVersion()} is null (measured, LOADER-NOTES).
 */
record PackageAttributes(String specTitle, String specVersion, String specVendor,
                         String implTitle, String implVersion, String implVendor, boolean sealed) {

    static final PackageAttributes NONE = new PackageAttributes(null, null, null, null, null, null, false);

    static PackageAttributes of(Manifest manifest, String packageName) {
        if (manifest == null) {
            return NONE;
        }
        Attributes section = manifest.getAttributes(packageName.replace('.', '/') + "/");
        Attributes main = manifest.getMainAttributes();
        return new PackageAttributes(
                value(section, main, Attributes.Name.SPECIFICATION_TITLE),
                value(section, main, Attributes.Name.SPECIFICATION_VERSION),
                value(section, main, Attributes.Name.SPECIFICATION_VENDOR),
                value(section, main, Attributes.Name.IMPLEMENTATION_TITLE),
                value(section, main, Attributes.Name.IMPLEMENTATION_VERSION),
                value(section, main, Attributes.Name.IMPLEMENTATION_VENDOR),
                "true".equalsIgnoreCase(value(section, main, Attributes.Name.SEALED)));
    }

    private static String value(Attributes section, Attributes main, Attributes.Name name) {
        String value = section == null ? null : section.getValue(name);
        return value != null || main == null ? value : main.getValue(name);
    }
}
