package io.fanload.server.agent;

import io.fanload.server.coordinator.TransferSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The node's digest, fed from the copy and from the node's own reader. */
class DigestVerifierTest {

    private static final int SIZE = 3 << 20;
    private static final Executor INLINE = Runnable::run;

    @TempDir
    Path dir;

    @Test
    void bytesHandedOverByTheReaderAreNotReadBackFromTheCopy() throws Exception {
        byte[] archive = random(1);
        // The copy holds other bytes: a verdict of "matched" can only come from the handed-over ones.
        try (FileChannel copy = copyHolding(new byte[SIZE])) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            DigestVerifier verifier = new DigestVerifier(copy, SIZE, sha256(archive), INLINE, verdict::complete);
            for (int offset = 0; offset < SIZE; offset += 1 << 20) {
                verifier.hashRead(offset, ByteBuffer.wrap(archive, offset, 1 << 20).slice());
                verifier.offer(offset + (1 << 20));
            }
            assertNull(verdict.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void noVerdictBeforeEveryHashedByteIsCommitted() throws Exception {
        byte[] archive = random(2);
        try (FileChannel copy = copyHolding(archive)) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            DigestVerifier verifier = new DigestVerifier(copy, SIZE, sha256(archive), INLINE, verdict::complete);
            verifier.hashRead(0, ByteBuffer.wrap(archive));
            verifier.offer(SIZE - 1);
            assertFalse(verdict.isDone(), "the reader hashed everything, but not everything is committed");
            verifier.offer(SIZE);
            assertNull(verdict.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aReaderGoneBeforeItsBytesWereCommittedMakesTheDigestStartAgainFromTheCopy() throws Exception {
        byte[] archive = random(3);
        byte[] other = archive.clone();
        other[SIZE - 10] ^= 1; // what another source wrote where the reader's last chunk was to go
        try (FileChannel copy = copyHolding(other)) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            DigestVerifier verifier = new DigestVerifier(copy, SIZE, sha256(archive), INLINE, verdict::complete);
            verifier.hashRead(0, ByteBuffer.wrap(archive));
            verifier.offer(2 << 20);
            verifier.closeTap(2 << 20);
            verifier.hashRead(2 << 20, ByteBuffer.wrap(archive, 2 << 20, 1 << 20).slice()); // too late: ignored
            verifier.offer(SIZE);
            assertEquals("SHA-256 of the received archive does not match the coordinator's digest",
                    verdict.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void handOversOutOfTurnAreIgnored() throws Exception {
        byte[] archive = random(4);
        try (FileChannel copy = copyHolding(archive)) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            DigestVerifier verifier = new DigestVerifier(copy, SIZE, sha256(archive), INLINE, verdict::complete);
            verifier.hashRead(1 << 20, ByteBuffer.wrap(new byte[1 << 20])); // not the next bytes
            verifier.offer(SIZE);
            assertNull(verdict.get(5, TimeUnit.SECONDS));
        }
    }

    private FileChannel copyHolding(byte[] content) throws Exception {
        Path file = dir.resolve("copy-" + System.nanoTime());
        Files.write(file, content);
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static byte[] random(long seed) {
        byte[] bytes = new byte[SIZE];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        return TransferSpec.sha256Digest().digest(bytes);
    }
}
