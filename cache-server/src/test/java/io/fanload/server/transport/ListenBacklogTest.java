package io.fanload.server.transport;

import io.fanload.server.auth.Secret;
import io.fanload.server.protocol.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A rendezvous storm: every agent of a job connects at once while the coordinator's one loop is
 * busy. The kernel must queue them all; a connection dropped at a full accept queue is retried only
 * after 1 s, then 3 s and 7 s (a 10,000-agent storm took 15-21 s with a queue of 1,024,
 * docs/perf/scale.md).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ListenBacklogTest {

    static final int STORM = 1_500;

    @Test
    void aListenerAsksForRoomForEveryConnectionAllowedToWait() {
        assertEquals(10_064, new Pipelines.Admission("coordinator", 10_064, 1000).backlog());
        assertEquals(Pipelines.Admission.MIN_BACKLOG, new Pipelines.Admission("agent", 64, 1000).backlog());
    }

    @Test
    void moreConnectionsThanTheOldBacklogAreQueuedWhileTheLoopIsBusy() throws Exception {
        assumeTrue(Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim()) > STORM,
                "the kernel caps the backlog at net.core.somaxconn");
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1, "test-backlog");
        EventLoop loop = group.next();
        Pipelines.Spec spec = new Pipelines.Spec(Secret.generate(), Message.Role.AGENT_TO_COORDINATOR, 0, 0);
        CountDownLatch busy = new CountDownLatch(1);
        List<SocketChannel> clients = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            Channel server = Pipelines.listen(transport, loop, new InetSocketAddress("127.0.0.1", 0), spec,
                    new Pipelines.Admission("coordinator", STORM + 64, 600_000),
                    () -> new AuthWaiter(new CompletableFuture<>())).sync().channel();
            assertEquals(STORM + 64, server.config().getOption(ChannelOption.SO_BACKLOG));
            // The loop accepts nothing until the storm is over: only the kernel's queue holds them.
            loop.execute(() -> {
                try {
                    busy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 0; i < STORM; i++) {
                SocketChannel c = SocketChannel.open();
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
                c.configureBlocking(false);
                c.connect(server.localAddress());
                c.register(selector, SelectionKey.OP_CONNECT);
                clients.add(c);
            }
            int connected = 0;
            long lastProgress = System.nanoTime();
            // Settles: a SYN dropped at a full queue is retried after 1 s and dropped again.
            while (connected < STORM && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(3)) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (((SocketChannel) key.channel()).finishConnect()) {
                        connected++;
                        lastProgress = System.nanoTime();
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
            assertEquals(STORM, connected, "connections that completed the TCP handshake while the loop was busy");
        } finally {
            busy.countDown();
            for (SocketChannel c : clients) {
                c.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
