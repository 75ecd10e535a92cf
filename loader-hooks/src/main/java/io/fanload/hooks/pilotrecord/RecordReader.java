package io.fanload.hooks.pilotrecord;

import io.fanload.hooks.archive.EntryKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses pilot records; every defect is reported as one {@link RecordFormatException} line. */
public final class RecordReader {

    static final String MAGIC = "fanload-record";
    static final int VERSION = 2;
    static final String SUFFIX = ".record";
    /** A record line longer than this is not a record: names are at most 64 KiB in a class file. */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private RecordReader() {
    }

    /**
     * Every rank record in {@code pilotDir}, sorted by rank: a rank's extra records (other JVMs of
     * that rank, {@link RecordWriter#extraFileName}) merged into its own.
     */
    public static List<PilotRecord> readAll(Path pilotDir) throws IOException {
        if (!Files.isDirectory(pilotDir)) {
            throw new RecordFormatException(pilotDir + ": pilot directory does not exist");
        }
        List<PilotRecord> records = new ArrayList<>();
        List<PilotRecord> extras = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(pilotDir, "rank-*" + SUFFIX)) {
            found.forEach(files::add);
        }
        files.sort(null); // the same merge order on every file system
        for (Path file : files) {
            (file.getFileName().toString().contains(RecordWriter.EXTRA_MARK) ? extras : records).add(read(file));
        }
        if (records.isEmpty() && extras.isEmpty()) {
            throw new RecordFormatException(pilotDir + ": no rank records (rank-*" + SUFFIX + ") in the pilot directory");
        }
        records.sort(Comparator.comparingInt(PilotRecord::rank));
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).rank() == records.get(i - 1).rank()) {
                throw new RecordFormatException(pilotDir + ": two records for rank " + records.get(i).rank());
            }
        }
        for (PilotRecord extra : extras) {
            int at = 0;
            while (at < records.size() && records.get(at).rank() < extra.rank()) {
                at++;
            }
            if (at < records.size() && records.get(at).rank() == extra.rank()) {
                records.set(at, merge(records.get(at), extra));
            } else {
                records.add(at, extra); // the rank's own JVM left none (killed): its children's still count
            }
        }
        return records;
    }

    /**
     * {@code first}'s record with the events of {@code other}, a record of another JVM of the same
     * rank, that it lacks, after its own. Found entries name their class-path element by index:
     * re-indexed into {@code first}'s class path, and left out when it lacks that element (a child
     * recording against another class path than its rank's).
     */
    static PilotRecord merge(PilotRecord first, PilotRecord other) {
        LinkedHashSet<RecordEvent> events = new LinkedHashSet<>(first.events());
        Set<String> found = new HashSet<>();
        for (RecordEvent event : first.events()) {
            if (event instanceof RecordEvent.Found entry) {
                found.add(entry.name());
            }
        }
        for (RecordEvent event : other.events()) {
            if (event instanceof RecordEvent.Found entry) {
                int origin = first.classPath().indexOf(other.classPath().get(entry.origin()));
                // one entry per name, as in one JVM: the first JVM's bytes where both read it
                if (origin < 0 || !found.add(entry.name())) {
                    continue;
                }
                event = new RecordEvent.Found(entry.kind(), origin, entry.crc32c(), entry.size(), entry.name());
            } else if (event instanceof RecordEvent.Absent absent && found.contains(absent.name())) {
                continue;
            }
            events.add(event);
        }
        return new PilotRecord(first.rank(), first.node(), first.properties(), first.classPath(), new ArrayList<>(events));
    }

    public static PilotRecord read(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            return new Parser(file, in).parse();
        } catch (CharacterCodingException e) {
            throw new RecordFormatException(file + ": not UTF-8 text");
        }
    }

    private static final class Parser {
        private final Path file;
        private final BufferedReader in;
        private int lineNumber;

        Parser(Path file, BufferedReader in) {
            this.file = file;
            this.in = in;
        }

        PilotRecord parse() throws IOException {
            String[] first = next();
            if (first == null || !first[0].equals(MAGIC) || first.length != 2) {
                throw error("not a fanload pilot record");
            }
            if (!first[1].equals(Integer.toString(VERSION)) && !first[1].equals("1")) { // 1 lacks only O lines
                throw error("record version " + first[1] + " is not supported (this reader knows " + VERSION + ")");
            }
            int rank = -1;
            String node = "";
            Map<String, String> properties = new LinkedHashMap<>();
            List<String> classPath = new ArrayList<>();
            List<RecordEvent> events = new ArrayList<>();
            String[] fields;
            while ((fields = next()) != null) {
                switch (fields[0]) {
                    case "rank": rank = nonNegative(fields, 1); expect(fields, 2); break;
                    case "node": expect(fields, 2); node = fields[1]; break;
                    case "prop": expect(fields, 3); properties.put(fields[1], fields[2]); break;
                    case "cp": expect(fields, 2); classPath.add(fields[1]); break;
                    case "C": events.add(found(EntryKind.CLASS, fields, classPath.size())); break;
                    case "R": events.add(found(EntryKind.RESOURCE, fields, classPath.size())); break;
                    case "D": events.add(found(EntryKind.DIRECTORY, fields, classPath.size())); break;
                    case "A": expect(fields, 2); events.add(new RecordEvent.Absent(fields[1])); break;
                    case "N": expect(fields, 3); events.add(new RecordEvent.LibraryByName(fields[1], fields[2])); break;
                    case "L": expect(fields, 2); events.add(new RecordEvent.LibraryByPath(fields[1])); break;
                    case "M": expect(fields, 2); events.add(new RecordEvent.MappedLibrary(fields[1])); break;
                    case "O": expect(fields, 2); events.add(new RecordEvent.OpenArchive(fields[1])); break;
                    case "end":
                        expect(fields, 2);
                        if (nonNegative(fields, 1) != events.size()) {
                            throw error("end line counts " + fields[1] + " events, the record has " + events.size());
                        }
                        if (next() != null) {
                            throw error("text after the end line");
                        }
                        if (rank < 0) {
                            throw error("no rank line");
                        }
                        return new PilotRecord(rank, node, properties, classPath, events);
                    default:
                        throw error("unknown line tag '" + fields[0] + "'");
                }
            }
            throw new RecordFormatException(file + ": truncated record (no end line); was the rank killed with SIGKILL?");
        }

        private RecordEvent.Found found(EntryKind kind, String[] fields, int origins) throws RecordFormatException {
            expect(fields, 5);
            int origin = nonNegative(fields, 1);
            if (origin >= origins) {
                throw error("origin " + origin + " is not a class-path element listed before it");
            }
            int crc;
            try {
                crc = Integer.parseUnsignedInt(fields[2], 16);
            } catch (NumberFormatException e) {
                throw error("bad crc32c '" + fields[2] + "'");
            }
            long size;
            try {
                size = Long.parseLong(fields[3]);
            } catch (NumberFormatException e) {
                throw error("bad size '" + fields[3] + "'");
            }
            if (size < 0) {
                throw error("negative size");
            }
            return new RecordEvent.Found(kind, origin, crc, size, fields[4]);
        }

        private int nonNegative(String[] fields, int index) throws RecordFormatException {
            try {
                int value = Integer.parseInt(fields[index]);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below
            }
            throw error("expected a non-negative number in field " + index);
        }

        private void expect(String[] fields, int count) throws RecordFormatException {
            if (fields.length != count) {
                throw error("'" + fields[0] + "' line has " + fields.length + " fields, expected " + count);
            }
        }

        private String[] next() throws IOException {
            String line = readBoundedLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            String[] fields = line.split("\t", -1);
            try {
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = FieldEscaping.unescape(fields[i]);
                }
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            return fields;
        }

        private String readBoundedLine() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    return line.toString();
                }
                if (line.length() >= MAX_LINE_CHARS) {
                    throw error("line longer than " + MAX_LINE_CHARS + " characters");
                }
                line.append((char) c);
            }
            if (line.length() > 0) {
                throw new RecordFormatException(file + ": truncated record (last line has no newline)");
            }
            return null;
        }

        private RecordFormatException error(String what) {
            return new RecordFormatException(file + ":" + Math.max(lineNumber, 1) + ": " + what);
        }
    }
}
