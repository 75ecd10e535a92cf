package io.fanload.server.agent;

import io.fanload.server.transport.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.security.MessageDigest;

/**
 * What an agent JVM does first, for {@link AgentJvmOptionsTest}: picks its transport (loading
 * Netty's epoll library where there is one), allocates a direct buffer from Netty's default
 * allocator and hashes a few MiB, then prints one line.
 */
public final class AgentJvmStartProbe {

    private AgentJvmStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        Transport transport = Transport.auto();
        ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(1 << 20);
        buffer.release();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < 8; i++) {
            sha.update(block);
        }
        System.out.println("probe done: " + transport + ", " + sha.digest().length * 8 + "-bit digest");
    }
}
