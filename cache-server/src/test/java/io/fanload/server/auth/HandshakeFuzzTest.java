package io.fanload.server.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fanload.server.protocol.FrameDecoder;
import io.fanload.server.protocol.FuzzedConnection;
import io.fanload.server.protocol.Message;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;

import org.junit.jupiter.api.Tag;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the handshake from the side of a peer that does not know the secret: a whole pipeline
 * ({@link io.fanload.server.transport.Pipelines}) as server (even mode) or client (odd mode) is fed
 * arbitrary bytes in arbitrary reads. The contract: nothing ever gets past the handshake, no
 * exception escapes the pipeline (a refusal closes the channel), and the decoder holds at most
 * one frame.
 *
 * <p>Seeds ({@code HandshakeFuzzTestInputs/peerWithoutTheSecret}, regenerate with {@link #main}):
 * real handshake frames in the order each side expects them, with a proof that is wrong.
 */
@Tag("jdk-neutral") // the same bytecode on every JDK: test-all runs it on JDK 17 only
class HandshakeFuzzTest {

    /** One secret for the whole run: the fuzzer cannot learn it, whatever it is. */
    private static final Secret SECRET = Secret.generate();

    @FuzzTest
    void peerWithoutTheSecret(byte[] input) {
        FuzzedConnection connection = FuzzedConnection.of(input);
        boolean client = (connection.mode() & 1) == 1;
        HandshakeTest.Recorder recorder = new HandshakeTest.Recorder();
        EmbeddedChannel channel = HandshakeTest.endpoint(client
                ? AuthHandler.client(SECRET, Message.Role.CHILD_TO_PARENT, "child-1", 4096, 10_000)
                : AuthHandler.server(SECRET, Message.Role.CHILD_TO_PARENT, 0, 10_000), recorder);
        FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
        try {
            for (ByteBuf read : connection.reads()) {
                if (!channel.isOpen()) {
                    read.release();
                    continue;
                }
                channel.writeInbound(read);
                for (Object o; (o = channel.readOutbound()) != null; ) {
                    ReferenceCountUtil.release(o);
                }
                assertTrue(FuzzedConnection.heldBytes(decoder) <= FuzzedConnection.MAX_HELD_BYTES);
            }
            assertEquals(List.of(), recorder.seen, "got past the handshake without the secret");
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Writes the seed corpus: {@code main(<dir>)} with the inputs directory of {@link #peerWithoutTheSecret}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        byte[] nonce = new byte[Message.NONCE_BYTES];
        byte[] proof = new byte[Message.DIGEST_BYTES];
        Message hello = new Message.Hello(Message.VERSION, Message.Role.CHILD_TO_PARENT, nonce, "child-1");
        Files.write(out.resolve("server-hello-then-wrong-proof"),
                FuzzedConnection.input(0, hello, new Message.Proof(proof), new Message.Fetch(0)));
        Files.write(out.resolve("server-hello-then-error"), FuzzedConnection.input(0, hello, new Message.ErrorMessage("bye")));
        Files.write(out.resolve("client-wrong-challenge"),
                FuzzedConnection.input(1, new Message.Challenge(nonce, proof), new Message.Fetch(0)));
        Files.write(out.resolve("client-error"), FuzzedConnection.input(1, new Message.ErrorMessage("no")));
    }
}
