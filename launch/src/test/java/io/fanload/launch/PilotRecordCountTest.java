package io.fanload.launch;

import io.fanload.hooks.pilotrecord.RecordWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failed pilot's "K of M ranks left no record" counts ranks, not record files: a rank whose JVM
 * started JVMs of its own (JMH's forks) leaves one record per JVM, which must not stand in for a
 * rank that left none.
 */
class PilotRecordCountTest {

    @TempDir
    Path pilot;

    @Test
    void aRankWithSeveralRecordsCountsOnce() throws Exception {
        Files.writeString(pilot.resolve(RecordWriter.fileName(0)), "");
        Files.writeString(pilot.resolve(RecordWriter.extraFileName(0, 0xabcL)), "");
        assertEquals(Optional.of("1 of 2 ranks left no record"), PilotArchive.incomplete(pilot, 2, 1));
        Files.writeString(pilot.resolve(RecordWriter.fileName(1)), "");
        assertEquals(Optional.empty(), PilotArchive.incomplete(pilot, 2, 1));
    }
}
