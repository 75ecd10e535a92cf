package io.fanload.hooks.pilotrecord;

import io.fanload.hooks.archive.EntryKind;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link PilotRecord} as the text format of docs/FORMAT.md: to a temporary file beside
 * the target, then given its name ({@link ExclusiveName}), so a reader never sees half a record.
 *
 * <p>Every pilot rank runs this at exit, so it is written for a cold JVM: the whole text is built
 * in one StringBuilder, encoded once and written with one {@code write}; the file is written with
 * {@code FileOutputStream} and named with one link(2) or rename(2), atomic within the folder.
 * {@code Files.newOutputStream} + {@code BufferedWriter} + {@code Files.move} loaded ~30
 * NIO channel, charset-encoder and copy classes from the module image and encoded per call; with
 * the per-character escape loop that C2 then compiled, the write took ~20 ms of a 30 ms exit
 * (H2, JDK 17, -Xlog:class+load stamps).
 */
public final class RecordWriter {

    /** Name of rank {@code rank}'s record inside a pilot directory. */
    public static String fileName(int rank) {
        return "rank-".concat(Integer.toString(rank)).concat(RecordReader.SUFFIX); // no "+": see write()
    }

    private RecordWriter() {
    }

    /**
     * Name of another record of rank {@code rank}: one more JVM of that rank (see
     * {@link #writeInto}), told apart by {@code unique}.
     */
    public static String extraFileName(int rank, long unique) {
        return "rank-".concat(Integer.toString(rank)).concat(EXTRA_MARK).concat(Long.toHexString(unique))
                .concat(RecordReader.SUFFIX);
    }

    /** Between the rank and the suffix in {@link #extraFileName}. */
    static final String EXTRA_MARK = ".jvm-";

    /**
     * The rank a record file of {@link #fileName} or {@link #extraFileName} belongs to, as its name
     * spells it ({@code rank-N.record}, {@code rank-N.jvm-HEX.record}).
     */
    public static String rankOf(String fileName) {
        int dot = fileName.indexOf('.');
        return fileName.substring("rank-".length(), dot < 0 ? fileName.length() : dot);
    }

    /**
     * Writes {@code record} into {@code pilotDir} under {@link #fileName(int)} and returns its path;
     * under {@link #extraFileName} when that rank's record is already there. A JVM that a rank's JVM
     * starts with its own options (JMH's forked benchmark JVMs, a build tool's workers: they copy
     * the parent's input arguments) records as the same rank, and ends first: replacing its record
     * at the parent's exit lost every class only the child loaded. The reader merges a rank's records.
     * Each name is taken exclusively, so two such JVMs ending at once keep both records.
     */
    public static Path writeInto(Path pilotDir, PilotRecord record) throws IOException {
        File folder = pilotDir.toFile();
        String name = fileName(record.rank());
        File temp = ExclusiveName.temporary(new File(folder, name));
        try {
            fill(temp, record);
            while (!ExclusiveName.publish(temp, new File(folder, name))) {
                name = extraFileName(record.rank(), System.nanoTime());
            }
        } finally {
            temp.delete(); // published as a link, or renamed away, or failed: not needed any more
        }
        return pilotDir.resolve(name);
    }

    /** Writes {@code record} as {@code target}, replacing any file of that name. */
    public static void write(PilotRecord record, Path target) throws IOException {
        File targetFile = target.toFile();
        File temp = ExclusiveName.temporary(targetFile);
        boolean renamed = false;
        try {
            fill(temp, record);
            // rename(2) replaces the target atomically; temp is in the target's folder, so it
            // cannot fail for crossing file systems
            renamed = temp.renameTo(targetFile);
            if (!renamed) {
                throw new IOException(temp.getPath().concat(": cannot rename to ").concat(targetFile.getPath()));
            }
        } finally {
            if (!renamed) {
                temp.delete();
            }
        }
    }

    private static void fill(File temp, PilotRecord record) throws IOException {
        byte[] bytes = text(record).getBytes(StandardCharsets.UTF_8);
        try (FileOutputStream out = new FileOutputStream(temp)) {
            out.write(bytes);
        }
    }

    /** The record as text, one line per header item and event. */
    static String text(PilotRecord record) {
        StringBuilder out = new StringBuilder(64 * (record.events().size() + 16));
        out.append(RecordReader.MAGIC).append('\t').append(RecordReader.VERSION).append('\n');
        out.append("rank\t").append(record.rank()).append('\n');
        line(out, "node", record.node());
        for (Map.Entry<String, String> property : record.properties().entrySet()) {
            line(out, "prop", property.getKey(), property.getValue());
        }
        for (String element : record.classPath()) {
            line(out, "cp", element);
        }
        for (RecordEvent event : record.events()) {
            if (event instanceof RecordEvent.Found found) {
                out.append(tagOf(found.kind())).append('\t').append(found.origin())
                        .append('\t').append(Integer.toHexString(found.crc32c()))
                        .append('\t').append(found.size());
                field(out, found.name());
                out.append('\n');
            } else if (event instanceof RecordEvent.Absent absent) {
                line(out, "A", absent.name());
            } else if (event instanceof RecordEvent.LibraryByName library) {
                line(out, "N", library.name(), library.path());
            } else if (event instanceof RecordEvent.LibraryByPath library) {
                line(out, "L", library.path());
            } else if (event instanceof RecordEvent.MappedLibrary library) {
                line(out, "M", library.path());
            } else if (event instanceof RecordEvent.OpenArchive archive) {
                line(out, "O", archive.path());
            }
        }
        out.append("end\t").append(record.events().size()).append('\n');
        return out.toString();
    }

    /**
     * The line tag of a found entry. Not a switch on the enum: that compiles to a synthetic class
     * that calls {@code EntryKind.values()}, one more class to load at every pilot rank's exit.
     */
    static String tagOf(EntryKind kind) {
        if (kind == EntryKind.CLASS) {
            return "C";
        }
        if (kind == EntryKind.RESOURCE) {
            return "R";
        }
        if (kind == EntryKind.DIRECTORY) {
            return "D";
        }
        throw new IllegalArgumentException(kind.name());
    }

    private static void line(StringBuilder out, String tag, String field) {
        out.append(tag);
        field(out, field);
        out.append('\n');
    }

    private static void line(StringBuilder out, String tag, String first, String second) {
        out.append(tag);
        field(out, first);
        field(out, second);
        out.append('\n');
    }

    private static void field(StringBuilder out, String field) {
        out.append('\t').append(FieldEscaping.escape(field));
    }
}
