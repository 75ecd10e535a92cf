package io.fanload.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

import java.util.Arrays;
import java.util.Objects;

/**
 * Every message of the protocol. Control messages are small immutable records; chunk data travels
 * as a {@link Data} frame on the way out (payload: a {@code ByteBuf} or a {@code FileRegion}) and
 * arrives as one {@link ChunkHeader} followed by {@link ChunkPart}s as the bytes come off the
 * socket, so a receiver never buffers a whole chunk.
 */
public sealed interface Message {

    /** Protocol version carried in {@link Hello}; a peer speaking another version is refused. */
    int VERSION = 4;
    /** Length of a handshake nonce and of an HMAC-SHA256 proof. */
    int NONCE_BYTES = 32;
    int DIGEST_BYTES = 32;

    /** Who opens a connection, and so what it may ask for after the handshake. */
    enum Role {
        AGENT_TO_COORDINATOR(1), CHILD_TO_PARENT(2);

        public final int code;

        Role(int code) {
            this.code = code;
        }

        public static Role of(int code) {
            for (Role role : values()) {
                if (role.code == code) {
                    return role;
                }
            }
            throw new ProtocolException("unknown role " + code);
        }
    }

    // ---- handshake (the only messages accepted before authentication) ----

    /** Client opens: its nonce, what it is, and who. */
    record Hello(int version, Role role, byte[] nonce, String nodeId) implements Message {
        public Hello {
            checkLength(nonce, NONCE_BYTES, "nonce");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(nodeId, "nodeId");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hello h && h.version == version && h.role == role
                    && Arrays.equals(h.nonce, nonce) && h.nodeId.equals(nodeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(version, role, Arrays.hashCode(nonce), nodeId);
        }
    }

    /** Server answers: its nonce and its proof of the secret over both nonces. */
    record Challenge(byte[] nonce, byte[] proof) implements Message {
        public Challenge {
            checkLength(nonce, NONCE_BYTES, "nonce");
            checkLength(proof, DIGEST_BYTES, "proof");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && Arrays.equals(c.nonce, nonce) && Arrays.equals(c.proof, proof);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(nonce) + Arrays.hashCode(proof);
        }
    }

    /** Client's proof of the secret; after it the server accepts protocol messages. */
    record Proof(byte[] proof) implements Message {
        public Proof {
            checkLength(proof, DIGEST_BYTES, "proof");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Proof p && Arrays.equals(p.proof, proof);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(proof);
        }
    }

    /** Either side, just before it closes: why, in one line. */
    record ErrorMessage(String reason) implements Message {
        public ErrorMessage {
            Objects.requireNonNull(reason, "reason");
        }
    }

    // ---- agent <-> coordinator ----

    /** Agent joins: where its data server listens. */
    record Register(Endpoint endpoint) implements Message {
        public Register {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /**
     * Coordinator places the agent: what to receive (size, digest over [0, digestEnd)), in which
     * chunks, from whom ({@code parent}, or {@code null} with {@code source} naming the archive to
     * read when the agent is the reader), and the time limits.
     */
    record Assign(int position, int chunkSize, long size, long digestEnd, byte[] sha256,
                  Endpoint parent, String source, int stallMillis, long giveUpMillis) implements Message {
        public Assign {
            checkLength(sha256, DIGEST_BYTES, "sha256");
            Objects.requireNonNull(source, "source");
            if ((parent == null) == source.isEmpty()) {
                throw new IllegalArgumentException("exactly one of parent and source");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Assign a && a.position == position && a.chunkSize == chunkSize && a.size == size
                    && a.digestEnd == digestEnd && Arrays.equals(a.sha256, sha256)
                    && Objects.equals(a.parent, parent) && a.source.equals(source)
                    && a.stallMillis == stallMillis && a.giveUpMillis == giveUpMillis;
        }

        @Override
        public int hashCode() {
            return Objects.hash(position, chunkSize, size, digestEnd, Arrays.hashCode(sha256), parent, source);
        }
    }

    /**
     * Coordinator, at registration, to an agent it will place later: the archive's size, so that
     * the agent can make room for it while the job gathers, the chunk size, and the parent it is
     * planned to get ({@code null}: none known yet), so that it can connect to it meanwhile.
     * Placement ({@link Assign}) decides; it may name another parent.
     */
    record Expect(long size, int chunkSize, Endpoint parent) implements Message {
        public Expect {
            if (size < 0 || chunkSize < 1) {
                throw new IllegalArgumentException("size " + size + ", chunk size " + chunkSize);
            }
        }
    }

    /** Coordinator moves an orphan: a new parent, or ({@code parent == null}) read {@code source}. */
    record Reparent(Endpoint parent, String source) implements Message {
        public Reparent {
            Objects.requireNonNull(source, "source");
            if ((parent == null) == source.isEmpty()) {
                throw new IllegalArgumentException("exactly one of parent and source");
            }
        }
    }

    /** Agent: bytes verified so far (a heartbeat too). */
    record Progress(long offset) implements Message {
    }

    /** Agent: my parent died, stalled or sent bad data; I hold {@code offset} verified bytes. */
    record ParentLost(String parentId, long offset, String reason) implements Message {
        public ParentLost {
            Objects.requireNonNull(parentId, "parentId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Agent: digest verified and image prepared, {@code micros} after the agent got its place; its
     * first byte arrived {@code firstByteMicros} and its last chunk was verified
     * {@code lastByteMicros} after it (-1: not known), for the report's per-node timeline.
     */
    record Ready(long bytes, long micros, long firstByteMicros, long lastByteMicros) implements Message {
    }

    /** Agent: gave up; this node's ranks load the normal way. */
    record Failed(String reason) implements Message {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Agent, once every rank registered on its node ended: what they left in the node-local folder,
     * summed (one report per node instead of a file per rank on the shared file system). A later
     * report from the same node (a rank that registered late) replaces the earlier one.
     */
    record Counters(io.fanload.server.counters.RankTotals totals) implements Message {
        public Counters {
            Objects.requireNonNull(totals, "totals");
        }
    }

    /** Coordinator: the job step ended; remove the node-local folder and exit. */
    record Shutdown() implements Message {
    }

    // ---- child <-> parent ----

    /** Child: send me the archive from {@code offset} (a chunk boundary) to its end. */
    record Fetch(long offset) implements Message {
    }

    /**
     * Outbound chunk: {@code length} bytes at {@code offset} with their CRC32C; the payload (a
     * {@code ByteBuf} or {@code FileRegion}) is handed to the channel and released by it.
     */
    record Data(long offset, int length, int crc32c, ReferenceCounted payload, boolean ahead) implements Message {
        public Data {
            Objects.requireNonNull(payload, "payload");
        }

        /** A chunk in its place in the transfer. */
        public Data(long offset, int length, int crc32c, ReferenceCounted payload) {
            this(offset, length, crc32c, payload, false);
        }
    }

    /**
     * Inbound: a chunk begins; {@code length} bytes follow as {@link ChunkPart}s. {@code ahead}: bytes
     * of the archive's index region sent ahead of their place (frame type 22), not a chunk.
     */
    record ChunkHeader(long offset, int length, int crc32c, boolean ahead) implements Message {
        public ChunkHeader(long offset, int length, int crc32c) {
            this(offset, length, crc32c, false);
        }
    }

    /** Inbound: some bytes of the current chunk; releasing the part releases {@code data}. */
    record ChunkPart(ByteBuf data, boolean last) implements Message, ReferenceCounted {
        @Override
        public int refCnt() {
            return data.refCnt();
        }

        @Override
        public ChunkPart retain() {
            data.retain();
            return this;
        }

        @Override
        public ChunkPart retain(int increment) {
            data.retain(increment);
            return this;
        }

        @Override
        public ChunkPart touch() {
            data.touch();
            return this;
        }

        @Override
        public ChunkPart touch(Object hint) {
            data.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return data.release();
        }

        @Override
        public boolean release(int decrement) {
            return data.release(decrement);
        }
    }

    private static void checkLength(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
    }
}
