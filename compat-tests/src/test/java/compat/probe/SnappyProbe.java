package compat.probe;

import org.xerial.snappy.Snappy;

import java.util.Arrays;

/** snappy-java extracts its JNI library from its own jar into java.io.tmpdir. */
public final class SnappyProbe {
    private SnappyProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = "fanload serves snappy. ".repeat(500).getBytes("UTF-8");
        byte[] compressed = Snappy.compress(data);
        System.out.println("snappy: " + data.length + " -> " + compressed.length + ", round trip "
                + Arrays.equals(data, Snappy.uncompress(compressed)));
    }
}
