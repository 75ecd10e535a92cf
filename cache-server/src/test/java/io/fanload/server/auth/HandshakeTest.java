package io.fanload.server.auth;

import io.fanload.server.protocol.Frames;
import io.fanload.server.protocol.Message;
import io.fanload.server.protocol.MessageEncoder;
import io.fanload.server.transport.Pipelines;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandshakeTest {

    /** Records what gets past the handshake. */
    static final class Recorder extends SimpleChannelInboundHandler<Message> {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            seen.add(evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            seen.add(msg);
        }
    }

    static EmbeddedChannel endpoint(AuthHandler auth, Recorder recorder) {
        EmbeddedChannel ch = new EmbeddedChannel();
        Pipelines.init(ch, new Pipelines.Spec(null, Message.Role.CHILD_TO_PARENT, 0, 0), auth, recorder);
        return ch;
    }

    /** Moves bytes both ways until neither side has anything to say. */
    private static void shuttle(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved;
        do {
            moved = move(a, b) | move(b, a);
        } while (moved);
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object o; (o = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                to.writeInbound(o);
            } else {
                ReferenceCountUtil.release(o);
            }
        }
        return moved;
    }

    private static AuthHandler client(Secret s) {
        return AuthHandler.client(s, Message.Role.CHILD_TO_PARENT, "child-1", 4096, 10_000);
    }

    private static AuthHandler server(Secret s) {
        return AuthHandler.server(s, Message.Role.CHILD_TO_PARENT, 0, 10_000);
    }

    @Test
    void sameSecretAuthenticatesBothSidesAndThenPassesMessages() {
        Secret secret = Secret.generate();
        Recorder c = new Recorder();
        Recorder s = new Recorder();
        EmbeddedChannel client = endpoint(client(secret), c);
        EmbeddedChannel server = endpoint(server(secret), s);
        shuttle(client, server);
        assertEquals(List.of(new Authenticated("child-1")), c.seen);
        assertEquals(List.of(new Authenticated("child-1")), s.seen);
        client.writeOutbound(new Message.Fetch(0));
        shuttle(client, server);
        assertEquals(new Message.Fetch(0), s.seen.get(1));
        assertTrue(client.isOpen() && server.isOpen());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void wrongSecretGetsNothingAndIsClosed() {
        Recorder c = new Recorder();
        Recorder s = new Recorder();
        EmbeddedChannel client = endpoint(client(Secret.generate()), c);
        EmbeddedChannel server = endpoint(server(Secret.generate()), s);
        shuttle(client, server);
        assertTrue(c.seen.isEmpty(), "client refuses a server that cannot prove the secret");
        assertTrue(s.seen.isEmpty(), "server never authenticates the client");
        assertFalse(client.isOpen());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void clientWithoutTheSecretCannotInjectAfterAForgedProof() {
        Secret secret = Secret.generate();
        Recorder s = new Recorder();
        EmbeddedChannel server = endpoint(server(secret), s);
        EmbeddedChannel attacker = new EmbeddedChannel(MessageEncoder.INSTANCE);
        attacker.writeOutbound(new Message.Hello(Message.VERSION, Message.Role.CHILD_TO_PARENT, new byte[32], "x"));
        attacker.writeOutbound(new Message.Proof(new byte[32]));
        attacker.writeOutbound(new Message.Fetch(0));
        move(attacker, server);
        assertTrue(s.seen.isEmpty());
        assertFalse(server.isOpen());
        attacker.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Test
    void replayedProofFromAnotherSessionIsRefused() {
        Secret secret = Secret.generate();
        // A genuine session, recorded.
        EmbeddedChannel client = endpoint(client(secret), new Recorder());
        EmbeddedChannel server = endpoint(server(secret), new Recorder());
        ByteBuf hello = client.readOutbound();
        ByteBuf helloCopy = hello.copy();
        server.writeInbound(hello);
        client.writeInbound((Object) server.readOutbound());
        ByteBuf proof = client.readOutbound();
        // Replay the same Hello and Proof to a fresh server: its nonce differs, the proof fails.
        Recorder s = new Recorder();
        EmbeddedChannel victim = endpoint(server(secret), s);
        victim.writeInbound(helloCopy);
        ReferenceCountUtil.release(victim.readOutbound());
        victim.writeInbound(proof);
        assertTrue(s.seen.isEmpty());
        assertFalse(victim.isOpen());
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
        victim.finishAndReleaseAll();
    }

    @Test
    void wrongRoleAndWrongVersionAreRefused() {
        Secret secret = Secret.generate();
        Recorder s = new Recorder();
        EmbeddedChannel server = endpoint(server(secret), s);
        EmbeddedChannel coordinatorClient = endpoint(AuthHandler.client(secret, Message.Role.AGENT_TO_COORDINATOR,
                "n", 0, 10_000), new Recorder());
        shuttle(coordinatorClient, server);
        assertTrue(s.seen.isEmpty());
        assertFalse(server.isOpen());

        Recorder s2 = new Recorder();
        EmbeddedChannel server2 = endpoint(server(secret), s2);
        EmbeddedChannel old = new EmbeddedChannel(MessageEncoder.INSTANCE);
        old.writeOutbound(new Message.Hello(99, Message.Role.CHILD_TO_PARENT, new byte[32], "n"));
        move(old, server2);
        assertTrue(s2.seen.isEmpty());
        assertFalse(server2.isOpen());
        for (EmbeddedChannel ch : List.of(server, coordinatorClient, server2, old)) {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void silentOrHalfFramePeerIsClosedAfterTheHandshakeTimeout() {
        Recorder s = new Recorder();
        EmbeddedChannel server = endpoint(server(Secret.generate()), s);
        server.writeInbound(Unpooled.buffer().writeInt(200).writeByte(Frames.HELLO).writeZero(10));
        assertTrue(server.isOpen());
        server.advanceTimeBy(10_001, TimeUnit.MILLISECONDS);
        server.runScheduledPendingTasks();
        assertFalse(server.isOpen());
        server.finishAndReleaseAll();
    }

    @Test
    void garbageIsDroppedAndNothingGetsThrough() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            Recorder s = new Recorder();
            EmbeddedChannel server = endpoint(server(Secret.generate()), s);
            byte[] garbage = new byte[1 + random.nextInt(2000)];
            random.nextBytes(garbage);
            server.writeInbound(Unpooled.wrappedBuffer(garbage));
            assertTrue(s.seen.isEmpty(), "round " + round);
            server.finishAndReleaseAll();
        }
    }

    @Test
    void secretFileMustBePrivateAndTheSecretNeverPrints(@TempDir Path dir) throws IOException {
        Secret secret = Secret.generate();
        Path file = dir.resolve("secret");
        secret.writeFile(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(secret.hex(), Secret.readFile(file).hex());
        assertEquals(secret.hex(), Secret.fromEnvironment(Map.of(Secret.ENV_SECRET_FILE, file.toString())).hex());
        assertEquals(secret.hex(), Secret.fromEnvironment(Map.of(Secret.ENV_SECRET, secret.hex())).hex());
        assertFalse(secret.toString().contains(secret.hex()));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException e = assertThrows(IOException.class, () -> Secret.readFile(file));
        assertFalse(e.getMessage().contains(secret.hex()));
        assertThrows(IOException.class, () -> Secret.fromEnvironment(Map.of()));
        assertThrows(IOException.class, () -> Secret.fromEnvironment(Map.of(Secret.ENV_SECRET, "zz")));
    }
}
