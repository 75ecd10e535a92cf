package io.fanload.hooks.natives;

import io.fanload.hooks.archive.ArchiveFormat;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The preloaded native library path of serve mode. {@code System.loadLibrary(name)} gets the file
 * in the image's {@code lib/} folder (an absolute path from findLibrary is honoured; null would be
 * an UnsatisfiedLinkError). Before that, the library's DT_NEEDED dependencies that the archive
 * holds are loaded first, deepest first: the dynamic linker then finds them among the loaded
 * objects by soname, so a dependency that exists only in the image resolves even when the rank's
 * LD_LIBRARY_PATH was not set. Without a soname that match cannot happen (measured, LOADER-NOTES),
 * so those rely on LD_LIBRARY_PATH = lib/ from {@code RankJvmOptions}.
 */
public final class ServedLibraries {

    private final ArchiveReader reader;
    private final Path libraries;
    /** File names already preloaded or being preloaded; guarded by itself. */
    private final Set<String> preloaded = new HashSet<>();

    public ServedLibraries(ArchiveReader reader, Path libraries) {
        this.reader = reader;
        this.libraries = libraries;
    }

    /** The node-local path for {@code System.loadLibrary(name)}, or null if the archive has no such library. */
    public String find(String name) {
        int index = reader.findNative(System.mapLibraryName(name));
        if (index < 0) {
            return null;
        }
        Records.Native library = reader.nativeAt(index);
        preloadDependencies(library, 0);
        return libraries.resolve(library.fileName()).toAbsolutePath().toString();
    }

    private void preloadDependencies(Records.Native library, int depth) {
        if (depth > 32) {
            return; // a dependency cycle; the dynamic linker copes with what is loaded so far
        }
        for (String needed : library.needed()) {
            int index = bySoname(needed);
            if (index < 0) {
                continue; // a system library, or one the pilot never saw mapped
            }
            Records.Native dependency = reader.nativeAt(index);
            // a library the application loads by name must be loaded by the application's loader,
            // or the JDK refuses it as "already loaded in another classloader"
            if ((dependency.flags() & ArchiveFormat.NATIVE_BY_NAME) != 0 || dependency.soname().isEmpty()) {
                continue;
            }
            synchronized (preloaded) {
                if (!preloaded.add(dependency.fileName())) {
                    continue;
                }
            }
            preloadDependencies(dependency, depth + 1);
            try {
                System.load(libraries.resolve(dependency.fileName()).toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                // the JDK reports the real failure when the library that needs it is loaded
            }
        }
    }

    private int bySoname(String soname) {
        int count = reader.nativeCount();
        for (int i = 0; i < count; i++) {
            Records.Native candidate = reader.nativeAt(i);
            if (soname.equals(candidate.soname()) || soname.equals(candidate.fileName())) {
                return i;
            }
        }
        return -1;
    }
}
