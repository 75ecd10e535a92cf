package io.fanload.hooks.natives;

import io.fanload.hooks.classpath.ClassPath;

import java.io.File;
import java.util.List;

/**
 * The JDK's search for {@code System.loadLibrary(name)} when a class loader's findLibrary returns
 * null: the JDK's own library folder ({@code sun.boot.library.path}) first, then each folder of
 * java.library.path. A loader that answers findLibrary itself must leave the JDK's own libraries
 * to the JDK, or it would change which file loads.
 */
public final class LibrarySearch {

    /** Prefix of the record name that says "System.loadLibrary found no such library" (see {@link #absentName}). */
    public static final String ABSENT_PREFIX = "fanload:native-absent/";

    private LibrarySearch() {
    }

    /**
     * The name under which a pilot records that {@code System.loadLibrary(name)} found nothing, as
     * an ordinary negative entry: lz4-java, for one, tries {@code loadLibrary("lz4-java")} before it
     * extracts its own copy, and a served rank must answer that try without searching the
     * application's library folders. The record format has no native-absent event; a name with
     * this prefix cannot be a class-path entry that any rank asks for, so it reads as absent in
     * every origin.
     */
    public static String absentName(String name) {
        return ABSENT_PREFIX + System.mapLibraryName(name);
    }

    /** True if {@code name} is one of the JDK's own libraries, which the JDK finds before any loader's answer would matter. */
    public static boolean isJdkLibrary(String name) {
        return find(name, System.getProperty("sun.boot.library.path", "")) != null;
    }

    /** The first {@code dir/libNAME.so} that exists along {@code searchPath}, as an absolute path, or null. */
    public static String find(String name, String searchPath) {
        if (searchPath == null || searchPath.isEmpty()) {
            return null;
        }
        String fileName = System.mapLibraryName(name);
        List<String> dirs = ClassPath.split(searchPath);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            File file = new File(dir, fileName);
            if (file.isFile()) {
                return file.getAbsolutePath();
            }
        }
        return null;
    }
}
