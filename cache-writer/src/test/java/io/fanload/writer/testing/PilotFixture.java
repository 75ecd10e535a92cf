package io.fanload.writer.testing;

import io.fanload.hooks.archive.EntryKind;
import io.fanload.hooks.pilotrecord.PilotRecord;
import io.fanload.hooks.pilotrecord.RecordEvent;
import io.fanload.hooks.pilotrecord.RecordWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Test-only producer of pilot records: what loader-hooks' record mode writes for one rank. */
public final class PilotFixture {

    private final int rank;
    private String node = "node0";
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> classPath = new ArrayList<>();
    private final List<RecordEvent> events = new ArrayList<>();

    public PilotFixture(int rank, int feature) {
        this.rank = rank;
        properties.put(PilotRecord.FEATURE, Integer.toString(feature));
        properties.put(PilotRecord.VENDOR, "Test Vendor");
        properties.put(PilotRecord.COMMAND, "java -cp app.jar Main");
    }

    public PilotFixture node(String name) {
        node = name;
        return this;
    }

    public PilotFixture classPath(Path... elements) {
        for (Path element : elements) {
            classPath.add(element.toString());
        }
        return this;
    }

    public PilotFixture found(int origin, String name, byte[] content) {
        EntryKind kind = name.endsWith(".class") ? EntryKind.CLASS : EntryKind.RESOURCE;
        events.add(new RecordEvent.Found(kind, origin, crc32c(content), content.length, name));
        return this;
    }

    public PilotFixture directory(int origin, String name) {
        events.add(new RecordEvent.Found(EntryKind.DIRECTORY, origin, 0, 0, name));
        return this;
    }

    public PilotFixture absent(String name) {
        events.add(new RecordEvent.Absent(name));
        return this;
    }

    public PilotFixture library(String name, Path path) {
        events.add(new RecordEvent.LibraryByName(name, path.toString()));
        return this;
    }

    public PilotFixture openArchive(Path path) {
        events.add(new RecordEvent.OpenArchive(path.toString()));
        return this;
    }

    public PilotFixture mapped(Path path) {
        events.add(new RecordEvent.MappedLibrary(path.toString()));
        return this;
    }

    public PilotRecord record() {
        return new PilotRecord(rank, node, properties, classPath, events);
    }

    public Path writeInto(Path pilotDir) throws IOException {
        return RecordWriter.writeInto(pilotDir, record());
    }

    public static int crc32c(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content);
        return (int) crc.getValue();
    }
}
