package io.fanload.hooks.pilotrecord;

import io.fanload.hooks.archive.EntryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFormatTest {

    @TempDir
    Path dir;

    private static PilotRecord sample(int rank) {
        return new PilotRecord(rank, "node\t7", Map.of(PilotRecord.FEATURE, "17", PilotRecord.COMMAND, "java -cp 'a b.jar' Main 100%"),
                List.of("/pfs/a b.jar", "/pfs/dir%25/"),
                List.of(new RecordEvent.Found(EntryKind.CLASS, 0, 0xCAFEBABE, 1234, "com/x/Y.class"),
                        new RecordEvent.Found(EntryKind.RESOURCE, 1, 7, 3, "odd\tname\nwith%breaks\r"),
                        new RecordEvent.Found(EntryKind.DIRECTORY, 0, 0, 0, "com/x/"),
                        new RecordEvent.Absent("log4j2.xml"),
                        new RecordEvent.LibraryByName("foo", "/pfs/lib/libfoo.so"),
                        new RecordEvent.LibraryByPath("/pfs/lib/libbar.so"),
                        new RecordEvent.MappedLibrary("/usr/lib/libz.so.1"),
                        new RecordEvent.OpenArchive("/pfs/home/lib/ant.jar")));
    }

    @Test
    void roundTripsEveryEventWithHostileCharacters() throws IOException {
        Path file = RecordWriter.writeInto(dir, sample(3));
        assertEquals("rank-3.record", file.getFileName().toString());
        PilotRecord back = RecordReader.read(file);
        assertEquals(sample(3), back);
        assertEquals(17, back.feature());
        RecordWriter.writeInto(dir, sample(1));
        List<PilotRecord> all = RecordReader.readAll(dir);
        assertEquals(List.of(1, 3), all.stream().map(PilotRecord::rank).toList());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void brokenRecordsSayFileLineAndWhat() throws IOException {
        Path good = RecordWriter.writeInto(dir, sample(0));
        String text = Files.readString(good);
        assertError(text.substring(0, text.indexOf("end\t")), "truncated record");
        assertError(text.substring(0, text.length() - 1) + "x", "truncated record");
        assertError(text.replace("end\t8", "end\t7"), "end line counts 7 events");
        assertError(text.replace("fanload-record\t2", "fanload-record\t3"), "record version 3 is not supported");
        assertError("hello\n", "not a fanload pilot record");
        assertError(text.replace("C\t0\tcafebabe", "C\t9\tcafebabe"), "origin 9 is not a class-path element");
        assertError(text.replace("C\t0\tcafebabe", "C\t0\tzz"), "bad crc32c");
        assertError(text.replace("A\tlog4j2.xml", "Q\tlog4j2.xml"), "unknown line tag 'Q'");
        assertError(text.replace("A\tlog4j2.xml", "A\tlog4j2.xml%4"), "%-escape");
        assertError(text + "extra\n", "text after the end line");
        Files.write(dir.resolve("bin.record"), new byte[] {(byte) 0xC3, 0x28, '\n'});
        IOException e = assertThrows(RecordFormatException.class, () -> RecordReader.read(dir.resolve("bin.record")));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void aPilotDirectoryWithoutRecordsOrWithTwoForOneRankIsRefused() throws IOException {
        assertTrue(assertThrows(RecordFormatException.class, () -> RecordReader.readAll(dir)).getMessage().contains("no rank records"));
        assertTrue(assertThrows(RecordFormatException.class, () -> RecordReader.readAll(dir.resolve("none")))
                .getMessage().contains("does not exist"));
        RecordWriter.write(sample(2), dir.resolve("rank-2.record"));
        RecordWriter.write(sample(2), dir.resolve("rank-02.record"));
        assertTrue(assertThrows(RecordFormatException.class, () -> RecordReader.readAll(dir)).getMessage().contains("two records for rank 2"));
    }

    private void assertError(String content, String expected) throws IOException {
        Path file = dir.resolve("bad.record");
        Files.writeString(file, content);
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> RecordReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage() + " should contain " + expected);
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aVersionOneRecordIsStillRead() throws IOException {
        PilotRecord old = new PilotRecord(0, "n", Map.of(PilotRecord.FEATURE, "17"), List.of("/pfs/a.jar"),
                List.of(new RecordEvent.Absent("x")));
        Path file = RecordWriter.writeInto(dir, old);
        Files.writeString(file, Files.readString(file).replace("fanload-record\t2", "fanload-record\t1"));
        assertEquals(old, RecordReader.read(file), "version 1 differs only by having no O lines");
    }
}
