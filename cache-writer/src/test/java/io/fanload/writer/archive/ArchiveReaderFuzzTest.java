package io.fanload.writer.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.archive.ArchiveReader;
import io.fanload.hooks.archive.Records;
import io.fanload.writer.testing.ReaderRefusals;
import io.fanload.writer.testing.Reseal;

import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the archive reader (loader-hooks) and the entry decoder (here) with arbitrary files. The
 * contract: opening fails with an {@link ArchiveException} or succeeds, and every read after that
 * either answers or fails with an {@link ArchiveException} — or, for an index whose rows or pool
 * references point nowhere, with the reader's own unchecked refusal that {@code verify} reports as
 * an inconsistent index. Never an exception from deeper down (a buffer, an allocation), never an
 * allocation larger than the file justifies (the fuzz run's heap is bounded), never a hang.
 *
 * <p>The seeds in {@code ArchiveReaderFuzzTestInputs/openAndReadEverything} are real archives made
 * by {@link ArchiveWriter} (regenerate with {@link #main}) plus inputs that once found a bug.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
class ArchiveReaderFuzzTest {

    /** Names the input in messages; the bytes stay in memory (a file and a mapping per input cost 1–9 ms). */
    private static final Path NAME = Path.of("fuzz.fanload");

    @FuzzTest
    void openAndReadEverything(byte[] input) throws IOException {
        ArchiveReader reader;
        try {
            // Checksums made consistent: without it nearly every mutation would stop at a CRC32C and
            // the index would never be fuzzed (the checks themselves are CorruptionTest's).
            reader = ArchiveReader.of(NAME, ByteBuffer.wrap(Reseal.reseal(input)));
        } catch (ArchiveException refused) {
            return;
        }
        try (reader) {
            readEverything(reader);
        }
    }

    /** Every accessor a rank, the node agent or a tool calls, each failure checked against the contract. */
    private static void readEverything(ArchiveReader reader) {
        for (int row = 0; row < reader.nameCount(); row++) {
            int r = row;
            allowed(() -> {
                String name = reader.nameAt(r);
                int found = reader.findName(name);
                // Unsorted rows may hide a name from the binary search, but never answer another one.
                assertTrue(found == -1 || reader.nameAt(found).equals(name), name);
                int first = reader.nameFirstHit(r);
                for (int i = 0; i < reader.nameHitCount(r) && i < 64; i++) {
                    reader.hitOrigin(first + i);
                }
            });
        }
        allowed(() -> reader.findName("com/x/Y.class"));
        for (int h = 0; h < reader.hitCount(); h++) {
            int hit = h;
            allowed(() -> {
                Records.Hit record = reader.hit(hit);
                ByteBuffer raw = EntryCodec.decodeVerified(reader.storedContent(hit), record.codec(), record.rawLength(),
                        record.xxhash64(), record.crc32c(), "entry " + hit);
                assertEquals(record.rawLength(), raw.remaining());
            });
            allowed(() -> assertEquals(reader.hitRawLength(hit), reader.rawBytes(hit).length));
        }
        for (int s = 0; s < reader.signerSetCount(); s++) {
            int set = s;
            allowed(() -> reader.signers(set));
        }
        for (int o = 0; o < reader.originCount(); o++) {
            int origin = o;
            allowed(() -> reader.origin(origin));
        }
        for (int s = 0; s < reader.sourceCount(); s++) {
            int source = s;
            allowed(() -> reader.source(source));
        }
        for (int n = 0; n < reader.nativeCount(); n++) {
            int lib = n;
            allowed(() -> reader.nativeAt(lib));
        }
        allowed(() -> reader.findNative("libfoo.so"));
        allowed(reader::provenance);
    }

    private interface Read {
        void run() throws IOException;
    }

    private static void allowed(Read read) {
        try {
            read.run();
        } catch (ArchiveException expected) {
            // the documented refusal
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            if (!ReaderRefusals.thrownByTheReader(e)) {
                throw e;
            }
        } catch (IOException e) {
            throw new AssertionError("an I/O failure other than ArchiveException", e);
        }
    }

    /** Writes the seed corpus: {@code main(<dir>)} with the inputs directory of {@link #openAndReadEverything}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        ArchiveRoundTripTest.writeSample(out.resolve("sample.fanload"), false);
        ArchiveRoundTripTest.writeSample(out.resolve("sample-image.fanload"), true);
        try (ArchiveWriter writer = ArchiveWriter.create(out.resolve("empty.fanload"), 17, false)) {
            writer.commit();
        }
    }
}
