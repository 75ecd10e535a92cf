package io.fanload.server.agent;

import io.fanload.server.auth.Authenticated;
import io.fanload.server.auth.Secret;
import io.fanload.server.coordinator.CoordinatorConfig;
import io.fanload.server.coordinator.TransferSpec;
import io.fanload.server.protocol.Endpoint;
import io.fanload.server.protocol.Message;
import io.fanload.server.transport.Pipelines;
import io.fanload.server.transport.SharedFileRegion;
import io.fanload.server.transport.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * Runs a cold agent JVM's data path on 8 MiB, while the agent waits for its place in the
 * tree, so that class loading, linking and the first compilations happen then and not between the
 * placement and the first byte. Measured on the 1 Gbit/s namespace chain (docs/perf/tree.md): a
 * cold agent spent 0.13-0.98 s from its placement to its connection request (record
 * {@code equals} bootstraps, the local copy, the digest thread) and another 0.15-0.8 s in its first
 * handshake with its parent, all inside the distribution time.
 *
 * <p>What it runs, with the production code: a loopback connection through {@link Pipelines}
 * (listener with its admission bound, client, mutual handshake under a throwaway secret that no
 * other process knows, Fetch, {@link #ROUNDS} Data frames of 1 MiB sent with sendfile from a
 * {@link LocalCopy} and received, written and CRC-checked into the same copy by {@link IncomingChunk},
 * as from a parent), a {@link DigestVerifier} over that copy,
 * and SHA-256 over 4 MiB so that its compiled, SHA-NI form exists before the archive's digest is
 * due (a cold JVM needs about 3 MiB of input: 44, 16 and 6 ms for the first three MiB, then 0.6 ms
 * per MiB).
 *
 * <p>Once per JVM (it warms the JVM, not an agent). Best effort: it never delays or fails the
 * agent, its listener is bound to loopback only and closed when done, and it gives up after
 * {@link #LIMIT_SECONDS}. Its 2 MiB scratch file is a temporary file (0600, {@code java.io.tmpdir},
 * node-local on compute nodes), unlinked as soon as it is open: not in the node-local folder, whose
 * removal at the step's end must not race with it.
 */
final class DataPathWarmUp {

    private static final System.Logger LOG = System.getLogger(DataPathWarmUp.class.getName());
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    static final long LIMIT_SECONDS = 10;
    /** The default chunk size, so that receive buffers grow to their largest as in a transfer. */
    private static final int CHUNK = CoordinatorConfig.DEFAULT_CHUNK;
    /**
     * Chunks moved: 8 MiB. One 32 KiB chunk left the chain's last node 0.73-0.80 s for 64 MiB
     * on the namespace test bed, 8 MiB 0.67-0.80 s (median 0.76 vs 0.70 s, 6 interleaved pairs);
     * 32 MiB was no better than 8 (docs/perf/tree.md).
     */
    private static final int ROUNDS = 8;
    private static final int SHA_MIB = 4;

    private final Transport transport;
    private final EventLoop loop;
    private final Secret secret = Secret.generate();
    private byte[] digest;
    /** Whether the transfer went through; completed before the clean-up. */
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    /** Completed after the clean-up, with {@link #done}'s value. */
    private final CompletableFuture<Boolean> over = new CompletableFuture<>();
    private LocalCopy copy;
    private Channel server;
    private Channel client;

    private DataPathWarmUp(Transport transport, EventLoop loop) {
        this.transport = transport;
        this.loop = loop;
    }

    /**
     * Starts the warm-up on {@code loop} and a thread of its own, unless this JVM already ran one.
     * Completes (never exceptionally) when it is over and cleaned up: {@code true} if the chunk went
     * through and its CRC32C and digest matched.
     */
    static CompletableFuture<Boolean> startOnce(Transport transport, EventLoop loop) {
        if (!STARTED.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(false);
        }
        return start(transport, loop);
    }

    /** Starts a warm-up whether or not one ran (tests). */
    static CompletableFuture<Boolean> start(Transport transport, EventLoop loop) {
        return new DataPathWarmUp(transport, loop).start();
    }

    private CompletableFuture<Boolean> start() {
        Thread t = new Thread(this::run, "fanload-warm-up");
        t.setDaemon(true);
        t.start();
        return over;
    }

    private void run() {
        try {
            hashes();
            Path scratch = Files.createTempFile("fanload-warm-up", ".tmp");
            try {
                copy = new LocalCopy(scratch, 2L * CHUNK, CHUNK);
            } finally {
                // Unlinked while open: nothing is left behind even if the JVM exits or is killed
                // mid-way (an agent that falls back at once exits within milliseconds; a test run
                // left such files when they were removed only at the end).
                Files.delete(scratch);
            }
            byte[] bytes = new byte[CHUNK];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
            CRC32C crc = new CRC32C();
            crc.update(ByteBuffer.wrap(bytes));
            copy.write(0, Unpooled.wrappedBuffer(bytes));
            copy.commit(0, (int) crc.getValue());
            // the receiver gets chunk 0's bytes again as chunk 1
            MessageDigest sha = TransferSpec.sha256Digest();
            sha.update(bytes);
            sha.update(bytes);
            digest = sha.digest();
            loop.execute(this::connect);
            done.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "fanload: warm-up: " + e);
        } finally {
            try {
                loop.execute(this::finish);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                finish(); // the agent already ended and its loop with it
            }
        }
    }

    /** SHA-256 until compiled, record methods, CRC32C on direct memory. */
    private static void hashes() {
        MessageDigest sha = TransferSpec.sha256Digest();
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < SHA_MIB; i++) {
            sha.update(block, 0, block.length);
        }
        sha.digest();
        Endpoint a = new Endpoint("warm-up", "127.0.0.1", 1);
        Endpoint b = new Endpoint("warm-up", "127.0.0.1", 2);
        if (a.equals(b) || a.hashCode() == Integer.MIN_VALUE) {
            LOG.log(System.Logger.Level.TRACE, "fanload: warm-up: " + a);
        }
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocateDirect(CHUNK));
    }

    /** The same specs as an agent's data port and its connection to a parent. */
    private void connect() {
        long limit = TimeUnit.SECONDS.toMillis(LIMIT_SECONDS);
        InetSocketAddress local = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        Pipelines.Spec listening = new Pipelines.Spec(secret, Message.Role.CHILD_TO_PARENT, 0, 0);
        Pipelines.Spec spec = new Pipelines.Spec(secret, Message.Role.CHILD_TO_PARENT, CHUNK, limit);
        ChannelFuture bound = Pipelines.listen(transport, loop, local, listening,
                new Pipelines.Admission("warm-up", 1, limit), Sender::new);
        server = bound.channel();
        bound.addListener(b -> {
            if (!b.isSuccess()) {
                done.complete(false);
                return;
            }
            ChannelFuture connected = Pipelines.connect(transport, loop, server.localAddress(), spec, "warm-up",
                    new Receiver());
            client = connected.channel();
            connected.addListener(c -> {
                if (!c.isSuccess()) {
                    done.complete(false);
                }
            });
        });
    }

    private void finish() {
        for (Channel c : new Channel[] {client, server}) {
            if (c != null) {
                c.close();
            }
        }
        try {
            if (copy != null) {
                copy.close();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "fanload: warm-up: " + e);
        }
        done.complete(false);
        over.complete(done.getNow(false));
    }

    /** The parent's side: answers a Fetch with the verified chunk, from the file, with sendfile. */
    private final class Sender extends SimpleChannelInboundHandler<Message> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) {
            if (msg instanceof Message.Fetch) {
                for (int i = 0; i < ROUNDS; i++) {
                    ctx.write(new Message.Data(CHUNK, CHUNK, copy.crc(0), new SharedFileRegion(copy.channel(), 0, CHUNK)));
                }
                ctx.flush();
            }
        }
    }

    /** The child's side: writes and checks the chunk as a receiving agent does, then checks the digest. */
    private final class Receiver extends SimpleChannelInboundHandler<Message> {
        private final IncomingChunk chunk = new IncomingChunk(copy);
        private int received;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Authenticated) {
                ctx.writeAndFlush(new Message.Fetch(copy.verified()));
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Message msg) throws IOException {
            if (msg instanceof Message.ChunkHeader h) {
                chunk.begin(1, h.offset(), h.crc32c());
            } else if (msg instanceof Message.ChunkPart p && chunk.open()) {
                chunk.write(p.data());
                if (!p.last()) {
                    return;
                }
                if (!chunk.end()) {
                    ctx.close();
                    done.complete(false);
                } else if (++received == ROUNDS) {
                    ctx.close();
                    copy.commit(1, chunk.announcedCrc());
                    verify();
                }
            }
        }

        private void verify() {
            new DigestVerifier(copy.channel(), copy.size(), digest, Runnable::run, mismatch -> done.complete(mismatch == null))
                    .offer(copy.size());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            done.complete(false);
        }
    }
}
