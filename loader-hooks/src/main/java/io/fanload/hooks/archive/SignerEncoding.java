package io.fanload.hooks.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.Timestamp;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.util.Date;

/**
 * The bytes of one signer set (FORMAT.md, "Signer sets"): a count, then per signer its
 * certificate path in PkiPath encoding and an optional timestamp (time and the TSA's path).
 */
public final class SignerEncoding {

    private static final String PKI_PATH = "PkiPath";
    /** No more signers than this in one set: real jars have one or two. */
    private static final int MAX_SIGNERS = 64;

    private SignerEncoding() {
    }

    public static byte[] encode(CodeSigner[] signers) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, signers.length);
        for (CodeSigner signer : signers) {
            writeBlob(out, signer.getSignerCertPath().getEncoded(PKI_PATH));
            Timestamp timestamp = signer.getTimestamp();
            writeLong(out, timestamp == null ? -1 : timestamp.getTimestamp().getTime());
            writeBlob(out, timestamp == null ? new byte[0] : timestamp.getSignerCertPath().getEncoded(PKI_PATH));
        }
        return out.toByteArray();
    }

    public static CodeSigner[] decode(byte[] blob) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int count = in.getInt();
        if (count < 0 || count > MAX_SIGNERS) {
            throw new IOException("bad signer count " + count);
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CodeSigner[] signers = new CodeSigner[count];
            for (int i = 0; i < count; i++) {
                CertPath path = factory.generateCertPath(new ByteArrayInputStream(readBlob(in)), PKI_PATH);
                long time = in.getLong();
                byte[] tsa = readBlob(in);
                Timestamp timestamp = time < 0 ? null
                        : new Timestamp(new Date(time), factory.generateCertPath(new ByteArrayInputStream(tsa), PKI_PATH));
                signers[i] = new CodeSigner(path, timestamp);
            }
            if (in.hasRemaining()) {
                throw new IOException("trailing bytes after the signer set");
            }
            return signers;
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("signer set is truncated");
        }
    }

    private static byte[] readBlob(ByteBuffer in) throws IOException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IOException("bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static void writeBlob(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static void writeLong(ByteArrayOutputStream out, long value) {
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }
}
