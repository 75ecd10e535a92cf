package io.fanload.hooks.record;

import io.fanload.hooks.classpath.ClassPathEntry;
import io.fanload.hooks.natives.LibrarySearch;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.source.ClassPathSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Collects a rank's lookups as record events, each at most once, in the order they first happened.
 * A found entry carries the CRC32C and size of the bytes the JVM got: for a class the bytes just
 * defined, for a resource the entry read once here (the application reads it through its URL).
 */
final class PilotRecorder implements ClassPathSource.Listener {

    /** Slots of {@link RecordedKeys} for events that have no class-path origin. */
    private static final int ABSENT = -1;
    private static final int LIBRARY = -2;
    private static final int MAPPED = -3;
    private static final int OPEN = -4;

    /** Guarded by this. */
    private final RecordedKeys recorded = new RecordedKeys();
    /** Guarded by this. */
    private final List<RecordEvent> events = new ArrayList<>();

    @Override
    public void found(ClassPathEntry entry, byte[] bytes) {
        int origin = entry.origin();
        String name = entry.name();
        byte[] content = bytes;
        if (content == null) {
            synchronized (this) {
                if (recorded.contains(origin, name)) {
                    return; // a resource asked for again: do not read it again
                }
            }
            try {
                content = entry.readAllBytes();
            } catch (IOException | SecurityException e) {
                return; // the application's own read fails the same way; there is nothing to serve
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(content);
        add(origin, name, new RecordEvent.Found(entry.kind(), origin, (int) crc.getValue(), content.length, name));
    }

    /** A resource's CRC32C needs its bytes: the source hands over what it read for the application. */
    @Override
    public boolean readsResources() {
        return true;
    }

    @Override
    public synchronized void absent(String name) {
        if (recorded.add(ABSENT, name)) {
            events.add(new RecordEvent.Absent(name)); // created only the first time: probes repeat
        }
    }

    @Override
    public void library(String name, String path) {
        add(LIBRARY, name.concat("\0").concat(path), new RecordEvent.LibraryByName(name, path));
    }

    @Override
    public void libraryAbsent(String name) {
        absent(LibrarySearch.absentName(name));
    }

    void mapped(String path) {
        add(MAPPED, path, new RecordEvent.MappedLibrary(path));
    }

    void openArchive(String path) {
        add(OPEN, path, new RecordEvent.OpenArchive(path));
    }

    /** Records {@code event} unless {@code (slot, key)} was recorded. */
    private synchronized void add(int slot, String key, RecordEvent event) {
        if (recorded.add(slot, key)) {
            events.add(event);
        }
    }

    synchronized List<RecordEvent> events() {
        return List.copyOf(events);
    }
}
