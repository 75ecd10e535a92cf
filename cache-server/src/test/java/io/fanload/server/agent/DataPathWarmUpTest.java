package io.fanload.server.agent;

import io.fanload.server.transport.Transport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataPathWarmUpTest {

    @Test
    void movesAndVerifiesAChunkOverLoopbackAndLeavesNothingBehind() throws Exception {
        List<Transport> transports = Epoll.isAvailable() ? List.of(Transport.EPOLL, Transport.NIO) : List.of(Transport.NIO);
        for (Transport transport : transports) {
            List<Path> before = scratchFiles();
            EventLoopGroup group = transport.newGroup(1, "test-warm-up");
            try {
                assertTrue(DataPathWarmUp.start(transport, group.next()).get(30, TimeUnit.SECONDS),
                        transport + ": the chunk went through with a matching CRC32C and digest");
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
            assertEquals(before, scratchFiles(), transport + ": scratch file removed");
        }
    }

    @Test
    void anAgentThatEndsAtOnceDoesNotTripIt() throws Exception {
        List<Path> before = scratchFiles();
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1, "test-warm-up");
        var over = DataPathWarmUp.start(transport, group.next());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        // the loop went away under it: it gives up, cleans up, and never completes exceptionally
        over.get(DataPathWarmUp.LIMIT_SECONDS + 20, TimeUnit.SECONDS);
        assertFalse(over.isCompletedExceptionally());
        assertEquals(before, scratchFiles());
    }

    private static List<Path> scratchFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("fanload-warm-up")).sorted().toList();
        }
    }
}
