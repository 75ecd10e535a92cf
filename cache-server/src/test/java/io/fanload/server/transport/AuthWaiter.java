package io.fanload.server.transport;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.protocol.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import java.util.concurrent.CompletableFuture;

/** A business handler for tests that only completes {@code authenticated} with the peer's id when the handshake succeeded. */
public final class AuthWaiter extends SimpleChannelInboundHandler<Message> {

    public final CompletableFuture<String> authenticated;

    public AuthWaiter(CompletableFuture<String> authenticated) {
        this.authenticated = authenticated;
    }

    public AuthWaiter() {
        this(new CompletableFuture<>());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Authenticated a) {
            authenticated.complete(a.peerNodeId());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        // nothing to do: tests only ask whether the handshake went through
    }
}
