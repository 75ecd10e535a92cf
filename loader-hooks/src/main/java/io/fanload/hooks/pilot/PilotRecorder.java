package io.fanload.hooks.pilot;

import io.fanload.hooks.classpath.ClassPathEntry;
import io.fanload.hooks.loader.ClassPathSource;
import io.fanload.hooks.natives.LibrarySearch;
import io.fanload.hooks.record.RecordEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Collects a rank's lookups as record events, each at most once, in the order they first happened.
 * A found entry carries the CRC32C and size of the bytes the JVM got: for a class the bytes just
 * defined, for a resource the entry read once here (the application reads it through its URL).
 */
final class PilotRecorder implements ClassPathSource.Listener {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<RecordEvent> events = new ArrayList<>();

    @Override
    public void found(ClassPathEntry entry, byte[] bytes) {
        String key = Integer.toString(entry.origin()).concat("\0").concat(entry.name());
        if (seen.contains(key)) {
            return;
        }
        byte[] content = bytes;
        if (content == null) {
            try {
                content = entry.readAllBytes();
            } catch (IOException | SecurityException e) {
                return; // the application's own read fails the same way; there is nothing to serve
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(content);
        add(key, new RecordEvent.Found(entry.kind(), entry.origin(), (int) crc.getValue(), content.length, entry.name()));
    }

    @Override
    public void absent(String name) {
        String key = "\0A".concat(name);
        if (!seen.contains(key)) {
            add(key, new RecordEvent.Absent(name));
        }
    }

    @Override
    public void library(String name, String path) {
        String key = "\0N".concat(name).concat("\0").concat(path);
        if (!seen.contains(key)) {
            add(key, new RecordEvent.LibraryByName(name, path));
        }
    }

    @Override
    public void libraryAbsent(String name) {
        absent(LibrarySearch.absentName(name));
    }

    void mapped(String path) {
        String key = "\0M".concat(path);
        if (!seen.contains(key)) {
            add(key, new RecordEvent.MappedLibrary(path));
        }
    }

    private synchronized void add(String key, RecordEvent event) {
        if (seen.add(key)) {
            events.add(event);
        }
    }

    synchronized List<RecordEvent> events() {
        return List.copyOf(events);
    }
}
