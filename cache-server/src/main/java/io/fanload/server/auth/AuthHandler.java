package io.fanload.server.auth;

import io.fanload.server.protocol.Errors;
import io.fanload.server.protocol.FrameDecoder;
import io.fanload.server.protocol.Message;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * The first handler after the codecs on every connection: runs the mutual challenge-response and
 * lets nothing else through until it succeeded. Then it raises the frame decoder's limits, removes
 * itself and fires {@link Authenticated}. A peer that does not finish within the handshake timeout,
 * sends anything out of order, or fails a proof is closed after one log line.
 *
 * <pre>
 *   client                                 server
 *   Hello(v, role, Nc, nodeId)      -->
 *                                   <--    Challenge(Ns, HMAC(k, "server", role, nodeId, Nc, Ns))
 *   Proof(HMAC(k, "client", role, nodeId, Ns, Nc)) -->
 * </pre>
 * The server proves first, so a client never answers a challenge from a peer without the secret.
 */
public final class AuthHandler extends SimpleChannelInboundHandler<Message> {

    private static final System.Logger LOG = System.getLogger(AuthHandler.class.getName());
    private static final byte[] SERVER = "fanload-server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLIENT = "fanload-client".getBytes(StandardCharsets.US_ASCII);

    private final Secret secret;
    private final boolean client;
    private final Message.Role role;
    private final String nodeId;
    private final int maxChunk;
    private final long timeoutMillis;
    private byte[] clientNonce;
    private byte[] serverNonce;
    private String peerNodeId;
    private ScheduledFuture<?> timeout;

    private AuthHandler(Secret secret, boolean client, Message.Role role, String nodeId, int maxChunk, long timeoutMillis) {
        this.secret = secret;
        this.client = client;
        this.role = role;
        this.nodeId = nodeId;
        this.maxChunk = maxChunk;
        this.timeoutMillis = timeoutMillis;
    }

    /** The side that connects, as {@code nodeId} in {@code role}. */
    public static AuthHandler client(Secret secret, Message.Role role, String nodeId, int maxChunk, long timeoutMillis) {
        return new AuthHandler(secret, true, role, nodeId, maxChunk, timeoutMillis);
    }

    /** The side that accepts connections in {@code role}. */
    public static AuthHandler server(Secret secret, Message.Role role, int maxChunk, long timeoutMillis) {
        return new AuthHandler(secret, false, role, null, maxChunk, timeoutMillis);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timeout != null) {
            return;
        }
        timeout = ctx.executor().schedule(() -> fail(ctx, "no authentication within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
        if (client) {
            clientNonce = Secret.nonce();
            ctx.writeAndFlush(new Message.Hello(Message.VERSION, role, clientNonce, nodeId))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
        if (client && msg instanceof Message.Challenge c && clientNonce != null && serverNonce == null) {
            serverNonce = c.nonce();
            if (!MessageDigest.isEqual(c.proof(), proof(SERVER, nodeId, clientNonce, serverNonce))) {
                fail(ctx, "peer failed authentication (not a fanload peer of this job, or a wrong secret)");
                return;
            }
            ctx.writeAndFlush(new Message.Proof(proof(CLIENT, nodeId, serverNonce, clientNonce)));
            succeed(ctx, nodeId);
        } else if (!client && msg instanceof Message.Hello h && clientNonce == null) {
            if (h.version() != Message.VERSION) {
                fail(ctx, "peer speaks protocol version " + h.version() + ", this is version " + Message.VERSION);
                return;
            }
            if (h.role() != role) {
                fail(ctx, "peer connected as " + h.role() + " to a " + role + " port");
                return;
            }
            clientNonce = h.nonce();
            serverNonce = Secret.nonce();
            peerNodeId = h.nodeId();
            ctx.writeAndFlush(new Message.Challenge(serverNonce, proof(SERVER, peerNodeId, clientNonce, serverNonce)));
        } else if (!client && msg instanceof Message.Proof p && serverNonce != null) {
            if (!MessageDigest.isEqual(p.proof(), proof(CLIENT, peerNodeId, serverNonce, clientNonce))) {
                fail(ctx, "peer failed authentication (wrong secret)");
                return;
            }
            succeed(ctx, peerNodeId);
        } else if (msg instanceof Message.ErrorMessage e) {
            fail(ctx, "peer refused the connection: " + e.reason());
        } else {
            fail(ctx, "unexpected " + msg.getClass().getSimpleName() + " during authentication");
        }
    }

    private byte[] proof(byte[] label, String id, byte[] first, byte[] second) {
        return secret.hmac(label, new byte[] {(byte) role.code}, id.getBytes(StandardCharsets.UTF_8), first, second);
    }

    private void succeed(ChannelHandlerContext ctx, String peer) {
        timeout.cancel(false);
        ctx.pipeline().get(FrameDecoder.class).authenticated(maxChunk);
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(new Authenticated(peer));
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isOpen()) {
            LOG.log(System.Logger.Level.WARNING, "fanload: " + ctx.channel().remoteAddress() + ": " + reason);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, Errors.oneLine(cause));
    }
}
