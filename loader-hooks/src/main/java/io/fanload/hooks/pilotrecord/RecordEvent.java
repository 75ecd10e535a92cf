package io.fanload.hooks.pilotrecord;

import io.fanload.hooks.archive.EntryKind;

/** One line of a pilot record after its header: something the rank's JVM looked up or loaded. */
public sealed interface RecordEvent
        permits RecordEvent.Found, RecordEvent.Absent, RecordEvent.LibraryByName,
                RecordEvent.LibraryByPath, RecordEvent.MappedLibrary, RecordEvent.OpenArchive {

    /**
     * A class, resource or directory entry that was found in class-path element {@code origin}
     * (an index into {@link PilotRecord#classPath()}). {@code crc32c} and {@code size} describe the
     * bytes the JVM actually got, so the writer can pick the same bytes (multi-release versions,
     * duplicate zip entries) and notice a source that changed since the pilot.
     */
    record Found(EntryKind kind, int origin, int crc32c, long size, String name) implements RecordEvent {
        public Found {
            if (kind == EntryKind.NATIVE) {
                throw new IllegalArgumentException("natives are recorded as library events");
            }
            if (origin < 0 || size < 0) {
                throw new IllegalArgumentException("negative origin or size");
            }
        }
    }

    /** A name that was looked up and found in no class-path element (a negative entry). */
    record Absent(String name) implements RecordEvent {
    }

    /** {@code System.loadLibrary(name)} resolved to the shared object at {@code path}. */
    record LibraryByName(String name, String path) implements RecordEvent {
    }

    /** {@code System.load(path)}. */
    record LibraryByPath(String path) implements RecordEvent {
    }

    /** A shared object mapped into the process at exit that is not part of the JDK. */
    record MappedLibrary(String path) implements RecordEvent {
    }

    /** A jar or zip off the class path that the application held open (read-only) at exit. */
    record OpenArchive(String path) implements RecordEvent {
    }
}
