package io.fanload.writer.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fanload.hooks.archive.ArchiveException;
import io.fanload.hooks.image.NodeImageLayout;
import io.fanload.writer.testing.ReaderRefusals;
import io.fanload.writer.testing.Reseal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes {@link NodeImages#prepare}, what every node agent runs on the archive it received, with
 * arbitrary archives whose checksums were made consistent ({@link Reseal}): a forged or buggy
 * archive that passed the digest, the case the whole-archive SHA-256 cannot catch. The contract:
 * prepare makes the image and its READY marker, or fails with an {@link IOException} (an
 * {@link ArchiveException} for the archive's own faults) or the reader's own "inconsistent index"
 * refusal — the agent turns either into a node fallback — and in every case writes nothing outside
 * the node-local folder (a native's file name is the archive's to choose) and no READY marker after
 * a failure. Never a buffer's exception, never an allocation beyond the bounded heap, never a hang.
 *
 * <p>The seeds in {@code NodeImagesFuzzTestInputs/prepareAnyArchive} are ArchiveReaderFuzzTest's.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
class NodeImagesFuzzTest {

    /** One scratch folder per JVM: the node-local folder inside it, and siblings that must stay absent. */
    private static final Path SCRATCH = scratch();

    @FuzzTest
    void prepareAnyArchive(byte[] input) throws IOException {
        Path archive = SCRATCH.resolve("received.fanload");
        Path root = SCRATCH.resolve("node");
        clear();
        Files.write(archive, Reseal.reseal(input));
        NodeImageLayout layout = new NodeImageLayout(root);
        try {
            NodeImages.prepare(archive, layout);
            assertTrue(NodeImages.isReady(layout));
        } catch (IOException refused) {
            assertFalse(NodeImages.isReady(layout), "READY written although prepare failed: " + refused);
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            if (!ReaderRefusals.thrownByTheReader(e)) {
                throw e;
            }
            assertFalse(NodeImages.isReady(layout));
        }
        try (Stream<Path> top = Files.list(SCRATCH)) {
            assertEquals(List.of(root, archive), top.sorted().toList(), "something written beside the node-local folder");
        }
    }

    @AfterAll
    static void removeScratch() throws IOException {
        clear();
        Files.delete(SCRATCH);
    }

    private static void clear() throws IOException {
        try (Stream<Path> all = Files.walk(SCRATCH)) {
            all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(SCRATCH)).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static Path scratch() {
        try {
            return Files.createTempDirectory("fanload-image-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
