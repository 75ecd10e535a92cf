package io.fanload.writer.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads one entry's bytes within {@link SourceLimits}, checking them against the declared size. */
final class BoundedRead {

    private BoundedRead() {
    }

    /**
     * @param declaredSize   uncompressed size from the zip directory, or -1 if unknown
     * @param compressedSize compressed size from the zip directory, or -1 if unknown
     */
    static byte[] read(InputStream in, long declaredSize, long compressedSize, SourceLimits limits, String what)
            throws IOException {
        if (declaredSize > limits.maxEntryBytes()) {
            throw new BuildException(what + ": entry of " + declaredSize + " bytes exceeds the limit of "
                    + limits.maxEntryBytes() + " bytes");
        }
        if (declaredSize > limits.ratioFloorBytes() && compressedSize > 0
                && declaredSize / compressedSize > limits.maxRatio()) {
            throw new BuildException(what + ": compression ratio " + declaredSize / compressedSize
                    + ":1 exceeds " + limits.maxRatio() + ":1 (zip bomb?)");
        }
        long cap = declaredSize >= 0 ? declaredSize : limits.maxEntryBytes();
        byte[] buffer = new byte[(int) Math.min(Math.max(cap, 0) + 1, 1 << 16)];
        int length = 0;
        int n;
        while ((n = in.read(buffer, length, buffer.length - length)) > 0) {
            length += n;
            if (length > cap) {
                throw new BuildException(what + (declaredSize >= 0
                        ? ": entry is longer than its declared " + declaredSize + " bytes"
                        : ": entry exceeds the limit of " + limits.maxEntryBytes() + " bytes"));
            }
            if (compressedSize > 0 && length > limits.ratioFloorBytes() && length / compressedSize > limits.maxRatio()) {
                throw new BuildException(what + ": expands beyond " + limits.maxRatio() + ":1 (zip bomb?)");
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, cap + 1));
            }
        }
        if (declaredSize >= 0 && length < declaredSize) {
            throw new BuildException(what + ": entry is shorter than its declared " + declaredSize + " bytes (truncated)");
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }
}
