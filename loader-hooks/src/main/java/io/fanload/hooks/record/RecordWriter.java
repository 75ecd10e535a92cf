package io.fanload.hooks.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes a {@link PilotRecord} as the text format of docs/FORMAT.md: to a temporary file beside
 * the target, then renamed, so a reader never sees half a record.
 */
public final class RecordWriter {

    /** Name of rank {@code rank}'s record inside a pilot directory. */
    public static String fileName(int rank) {
        return "rank-".concat(Integer.toString(rank)).concat(RecordReader.SUFFIX); // no "+": see write()
    }

    private RecordWriter() {
    }

    /** Writes {@code record} into {@code pilotDir} under {@link #fileName(int)} and returns its path. */
    public static Path writeInto(Path pilotDir, PilotRecord record) throws IOException {
        Path target = pilotDir.resolve(fileName(record.rank()));
        write(record, target);
        return target;
    }

    public static void write(PilotRecord record, Path target) throws IOException {
        // not ProcessHandle.current().pid() nor "+": their first use costs 11-23 ms and a few ms
        // (lambda and string-concatenation bootstraps), paid by every pilot rank at exit
        Path temp = target.resolveSibling(target.getFileName().toString().concat(".tmp")
                .concat(Long.toHexString(System.nanoTime())));
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temp),
                    StandardCharsets.UTF_8), 1 << 16)) {
                write(record, out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void write(PilotRecord record, Writer out) throws IOException {
        line(out, RecordReader.MAGIC, Integer.toString(RecordReader.VERSION));
        line(out, "rank", Integer.toString(record.rank()));
        line(out, "node", record.node());
        for (Map.Entry<String, String> property : record.properties().entrySet()) {
            line(out, "prop", property.getKey(), property.getValue());
        }
        for (String element : record.classPath()) {
            line(out, "cp", element);
        }
        for (RecordEvent event : record.events()) {
            if (event instanceof RecordEvent.Found found) {
                line(out, RecordReader.tagOf(found.kind()), Integer.toString(found.origin()),
                        Integer.toHexString(found.crc32c()), Long.toString(found.size()), found.name());
            } else if (event instanceof RecordEvent.Absent absent) {
                line(out, "A", absent.name());
            } else if (event instanceof RecordEvent.LibraryByName library) {
                line(out, "N", library.name(), library.path());
            } else if (event instanceof RecordEvent.LibraryByPath library) {
                line(out, "L", library.path());
            } else if (event instanceof RecordEvent.MappedLibrary library) {
                line(out, "M", library.path());
            }
        }
        line(out, "end", Integer.toString(record.events().size()));
    }

    private static void line(Writer out, String tag, String... fields) throws IOException {
        out.write(tag);
        for (String field : fields) {
            out.write('\t');
            out.write(FieldEscaping.escape(field));
        }
        out.write('\n');
    }
}
