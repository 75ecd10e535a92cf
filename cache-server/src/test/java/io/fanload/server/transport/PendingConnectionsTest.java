package io.fanload.server.transport;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real listener with room for 4 connections waiting to authenticate, over real sockets. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PendingConnectionsTest {

    static final int MAX = 4;

    /** A connection that sends nothing, with a read timeout to tell "still open" from "closed". */
    private static Socket silent(InetSocketAddress to) throws IOException {
        Socket s = new Socket(to.getAddress(), to.getPort());
        s.setSoTimeout(300);
        return s;
    }

    private static void assertOpen(Socket s) throws IOException {
        assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "still waiting, not closed");
    }

    private static void assertClosed(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        try {
            assertEquals(-1, s.getInputStream().read());
        } catch (IOException reset) {
            // closed with a reset: also closed
        }
    }

    @Test
    void excessIsClosedAtOnceAndPlacesComeBackOnCloseAndOnAuthentication() throws Exception {
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1, "test-pending");
        Secret secret = Secret.generate();
        Pipelines.Spec spec = new Pipelines.Spec(secret, Message.Role.CHILD_TO_PARENT, 0, 0);
        List<Socket> sockets = new ArrayList<>();
        CompletableFuture<String> serverSide = new CompletableFuture<>();
        try {
            // A handshake timeout far beyond the test: only the limit can close these.
            Channel server = Pipelines.listen(transport, group.next(), new InetSocketAddress("127.0.0.1", 0), spec,
                    new Pipelines.Admission("test", MAX, 600_000), () -> new AuthWaiter(serverSide)).sync().channel();
            InetSocketAddress at = (InetSocketAddress) server.localAddress();
            for (int i = 0; i < MAX; i++) {
                sockets.add(silent(at));
            }
            Socket excess = silent(at);
            assertClosed(excess);
            for (Socket s : sockets) {
                assertOpen(s);
            }

            // One leaves: its place is free again, and a peer with the secret gets in.
            Socket leaving = sockets.remove(0);
            leaving.shutdownOutput();
            assertClosed(leaving);
            CompletableFuture<String> clientSide = new CompletableFuture<>();
            Channel client = Pipelines.connect(transport, group, at, spec, "child", new AuthWaiter(clientSide)).sync().channel();
            assertEquals("child", clientSide.get(10, TimeUnit.SECONDS));
            assertEquals("child", serverSide.get(10, TimeUnit.SECONDS));

            // Authenticated, it no longer counts: one more may wait, the next is closed.
            sockets.add(silent(at));
            assertOpen(sockets.get(sockets.size() - 1));
            Socket excessAgain = silent(at);
            assertClosed(excessAgain);
            assertTrue(client.isActive(), "a flood does not touch an authenticated connection");
            client.close().sync();
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
