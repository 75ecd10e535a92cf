package io.fanload.server.tree;

import io.fanload.server.protocol.Frames;
import io.fanload.server.protocol.Message;
import io.fanload.server.protocol.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile connections to one fanload port, as anyone on the machine could open them: plain sockets,
 * no secret. A connection the listener closes at once (over its limit) simply ends its act early.
 */
final class HostileFlood implements AutoCloseable {

    /** What one connection does. */
    enum Kind {
        /** Connects and says nothing. */
        SILENT,
        /** Up to 2,000 random bytes. */
        GARBAGE,
        /** A Hello whose length prefix says 4 GiB, then {@link #JUNK} bytes as if the frame were coming. */
        HUGE_LENGTH,
        /**
         * A genuine Hello, then a Proof that is not HMAC(secret, ...): what a peer with a wrong secret
         * sends (the server cannot tell a wrong key from random bytes).
         */
        WRONG_SECRET,
        /** The first 15 bytes of a 200-byte Hello, then silence. */
        HALF_FRAME,
        /** A genuine Hello, then silence (the server has sent its Challenge and waits). */
        HELLO_THEN_SILENCE
    }

    /** What a {@link Kind#HUGE_LENGTH} peer sends on: an agent that gathered it would hold it in memory. */
    static final int JUNK = 2 << 20;

    private final InetSocketAddress target;
    private final Message.Role role;
    private final Random random = new Random(7);
    private final List<Socket> sockets = new ArrayList<>();

    HostileFlood(InetSocketAddress target, Message.Role role) {
        this.target = target;
        this.role = role;
    }

    /** Opens one connection of {@code kind} and does its act; the socket stays open until the peer closes it. */
    void open(Kind kind) throws IOException {
        Socket s = new Socket(target.getAddress(), target.getPort());
        sockets.add(s);
        s.setSoTimeout(5_000);
        try {
            act(kind, s.getOutputStream(), s.getInputStream());
        } catch (IOException closedByTheListener) {
            // refused at once, or closed on the first bad byte: what should happen
        }
    }

    private void act(Kind kind, OutputStream out, InputStream in) throws IOException {
        switch (kind) {
            case SILENT -> { }
            case GARBAGE -> {
                byte[] garbage = new byte[1 + random.nextInt(2000)];
                random.nextBytes(garbage);
                out.write(garbage);
            }
            case HUGE_LENGTH -> {
                out.write(ByteBuffer.allocate(Frames.HEADER_BYTES).putInt(-1).put((byte) Frames.HELLO).array());
                out.write(new byte[JUNK]);
            }
            case WRONG_SECRET -> {
                out.write(hello());
                in.readNBytes(Frames.HEADER_BYTES + Message.NONCE_BYTES + Message.DIGEST_BYTES); // the Challenge
                byte[] proof = new byte[Message.DIGEST_BYTES];
                random.nextBytes(proof);
                out.write(encode(new Message.Proof(proof)));
            }
            case HALF_FRAME -> out.write(ByteBuffer.allocate(Frames.HEADER_BYTES + 10).putInt(200)
                    .put((byte) Frames.HELLO).array());
            case HELLO_THEN_SILENCE -> out.write(hello());
        }
        out.flush();
    }

    private byte[] hello() {
        byte[] nonce = new byte[Message.NONCE_BYTES];
        random.nextBytes(nonce);
        return encode(new Message.Hello(Message.VERSION, role, nonce, "intruder"));
    }

    private static byte[] encode(Message m) {
        EmbeddedChannel encoder = new EmbeddedChannel(MessageEncoder.INSTANCE);
        encoder.writeOutbound(m);
        ByteBuf frame = encoder.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        encoder.finishAndReleaseAll();
        return bytes;
    }

    /**
     * Waits until the listener has closed every connection, reading away whatever it sent; gives up
     * at {@code deadlineNanos}. Returns how many were still open then.
     */
    int stillOpenAt(long deadlineNanos) throws IOException {
        int open = 0;
        byte[] sink = new byte[4096];
        for (Socket s : sockets) {
            try {
                s.setSoTimeout((int) Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
                while (s.getInputStream().read(sink) >= 0) {
                    // what the listener sent before closing (a Challenge, an Error)
                }
            } catch (SocketTimeoutException stillOpen) {
                open++;
            } catch (IOException reset) {
                // closed with a reset
            }
        }
        return open;
    }

    int size() {
        return sockets.size();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }
}
