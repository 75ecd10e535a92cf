package io.fanload.server.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * A per-job secret: 32 random bytes, written as 64 hex digits. {@link #toString()} never shows it.
 * An agent finds it in {@value #ENV_SECRET} (hex) or in the file named by {@value #ENV_SECRET_FILE},
 * which must be readable by its owner only.
 */
public final class Secret {

    public static final String ENV_SECRET = "FANLOAD_SECRET";
    public static final String ENV_SECRET_FILE = "FANLOAD_SECRET_FILE";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private Secret(byte[] key) {
        this.key = key;
    }

    public static Secret generate() {
        byte[] key = new byte[BYTES];
        RANDOM.nextBytes(key);
        return new Secret(key);
    }

    /** From 64 hex digits (surrounding white space ignored). */
    public static Secret parse(String hex) {
        String s = hex.strip();
        if (s.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a fanload secret is " + 2 * BYTES + " hex digits");
        }
        try {
            return new Secret(HexFormat.of().parseHex(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a fanload secret is " + 2 * BYTES + " hex digits", e);
        }
    }

    /** Reads a secret file, refusing one that group or others may read or that is a symbolic link. */
    public static Secret readFile(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + ": a secret file must not be a symbolic link");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        for (PosixFilePermission p : perms) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                throw new IOException(file + ": secret file must be mode 0600 or 0400, is "
                        + PosixFilePermissions.toString(perms));
            }
        }
        try {
            return parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** {@value #ENV_SECRET} if set, else the file named by {@value #ENV_SECRET_FILE}. */
    public static Secret fromEnvironment(Map<String, String> env) throws IOException {
        String hex = env.get(ENV_SECRET);
        if (hex != null && !hex.isBlank()) {
            try {
                return parse(hex);
            } catch (IllegalArgumentException e) {
                throw new IOException(ENV_SECRET + ": " + e.getMessage());
            }
        }
        String file = env.get(ENV_SECRET_FILE);
        if (file != null && !file.isBlank()) {
            return readFile(Path.of(file));
        }
        throw new IOException("no job secret: set " + ENV_SECRET + " or " + ENV_SECRET_FILE);
    }

    /** Writes the secret to a new file created with mode 0600. */
    public void writeFile(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, hex(), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The hex form, for handing to a child process's environment only. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** HMAC-SHA256 over the given parts, each preceded by its length. */
    byte[] hmac(byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] length = new byte[4];
            for (byte[] part : parts) {
                length[0] = (byte) (part.length >>> 24);
                length[1] = (byte) (part.length >>> 16);
                length[2] = (byte) (part.length >>> 8);
                length[3] = (byte) part.length;
                mac.update(length);
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Loads and initialises the HMAC and the random source now. Their first use in a JVM costs
     * hundreds of milliseconds of CPU (provider loading, seeding) — far more on a node where many
     * JVMs start at once — and must not eat into a peer's handshake timeout.
     */
    public void warmUp() {
        hmac(nonce());
    }

    static byte[] nonce() {
        byte[] nonce = new byte[BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
