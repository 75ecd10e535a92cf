package compat.probe;

import net.jpountz.lz4.LZ4Factory;

import java.util.Arrays;

/** lz4-java's native instance: JNI extracted from its own jar. */
public final class Lz4Probe {
    private Lz4Probe() {
    }

    public static void main(String[] args) throws Exception {
        LZ4Factory factory = LZ4Factory.nativeInstance();
        byte[] data = "fanload serves lz4. ".repeat(500).getBytes("UTF-8");
        byte[] compressed = factory.fastCompressor().compress(data);
        byte[] back = factory.safeDecompressor().decompress(compressed, data.length);
        System.out.println("lz4 native: " + data.length + " -> " + compressed.length + ", round trip " + Arrays.equals(data, back));
    }
}
