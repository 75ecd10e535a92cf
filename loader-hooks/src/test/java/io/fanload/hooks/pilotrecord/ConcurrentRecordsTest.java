package io.fanload.hooks.pilotrecord;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JVMs of one rank (a rank's JVM and those it starts with its own options, such as JMH's forks)
 * that end at the same instant each write a record for that rank: every record must survive. A
 * check for the name followed by rename(2) let them replace each other's.
 */
class ConcurrentRecordsTest {

    private static final int WRITERS = 12;
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    @Test
    void recordsOfOneRankWrittenAtOnceAllSurvive() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path pilot = Files.createDirectories(dir.resolve("pilot-" + round));
            List<Path> written = atOnce(writer -> RecordWriter.writeInto(pilot, record(writer)));
            assertEquals(WRITERS, new HashSet<>(written).size(), "each writer its own name: " + written);
            try (Stream<Path> files = Files.list(pilot)) {
                assertEquals(WRITERS, files.count(), "one file per record, no temporary files left");
            }
            List<PilotRecord> merged = RecordReader.readAll(pilot);
            assertEquals(1, merged.size());
            for (int writer = 0; writer < WRITERS; writer++) {
                assertTrue(merged.get(0).events().contains(new RecordEvent.Absent("only-" + writer)),
                        "round " + round + ": the record of writer " + writer + " was lost");
            }
        }
    }

    /** The way without hard links must be as exclusive. */
    @Test
    void claimingThenRenamingLosesNoFileEither() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path folder = Files.createDirectories(dir.resolve("claims-" + round));
            atOnce(writer -> {
                File temp = ExclusiveName.temporary(folder.resolve("name").toFile());
                Files.writeString(temp.toPath(), "writer " + writer);
                int next = 0;
                while (!ExclusiveName.claimThenRename(temp, folder.resolve("name-" + next).toFile())) {
                    next++;
                }
                return folder;
            });
            Set<String> contents = new HashSet<>();
            for (int name = 0; name < WRITERS; name++) {
                contents.add(Files.readString(folder.resolve("name-" + name)));
            }
            assertEquals(WRITERS, contents.size(), "round " + round + ": " + contents);
        }
    }

    private interface Writer {
        Path write(int writer) throws IOException;
    }

    /** Runs {@code writer} on {@link #WRITERS} threads released together; what each returned. */
    private static List<Path> atOnce(Writer writer) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
        try {
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                int index = i;
                Callable<Path> task = () -> {
                    start.await();
                    return writer.write(index);
                };
                results.add(threads.submit(task));
            }
            List<Path> written = new ArrayList<>();
            for (Future<Path> result : results) {
                written.add(result.get());
            }
            return written;
        } finally {
            threads.shutdownNow();
        }
    }

    private static PilotRecord record(int writer) {
        return new PilotRecord(5, "node", Map.of(PilotRecord.FEATURE, "17"), List.of("/pfs/a.jar"),
                List.of(new RecordEvent.Absent("only-" + writer)));
    }
}
