package io.fanload.server.protocol;

/**
 * Frame layout and limits. Every frame is {@code u32 length | u8 type | payload}, big-endian,
 * where {@code length} counts the type byte and the payload. A data frame's payload is
 * {@code u64 offset | u32 crc32c | bytes}. See docs/TREE.md for each payload.
 */
public final class Frames {

    public static final int HELLO = 1;
    public static final int CHALLENGE = 2;
    public static final int PROOF = 3;
    public static final int ERROR = 9;
    public static final int REGISTER = 10;
    public static final int ASSIGN = 11;
    public static final int REPARENT = 12;
    public static final int PROGRESS = 13;
    public static final int PARENT_LOST = 14;
    public static final int READY = 15;
    public static final int FAILED = 16;
    public static final int SHUTDOWN = 17;
    public static final int EXPECT = 18;
    public static final int COUNTERS = 19;
    public static final int FETCH = 20;
    public static final int DATA = 21;
    /** A Data frame of the archive's index region, sent ahead of its place (docs/TREE.md). */
    public static final int AHEAD = 22;

    /** Bytes before the payload: length and type. */
    public static final int HEADER_BYTES = 5;
    /** Bytes of a data frame's payload before the chunk bytes: offset and CRC32C. */
    public static final int DATA_HEADER_BYTES = 12;
    /** Largest control payload before the peer has proved the secret (a Hello with a long node id fits). */
    public static final int MAX_HANDSHAKE_PAYLOAD = 512;
    /** Largest control payload after authentication. */
    public static final int MAX_CONTROL_PAYLOAD = 4096;
    /**
     * Largest Counters payload: a node's sums and its most missed names (the encoder leaves out the
     * least missed names that do not fit).
     */
    public static final int MAX_COUNTERS_PAYLOAD = 64 << 10;
    /** Largest string inside a control message, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 1024;
    /** Largest chunk the protocol allows; the coordinator's chunk size must not exceed it. */
    public static final int MAX_CHUNK_BYTES = 16 << 20;

    private Frames() {
    }

    static boolean isHandshake(int type) {
        return type == HELLO || type == CHALLENGE || type == PROOF || type == ERROR;
    }
}
