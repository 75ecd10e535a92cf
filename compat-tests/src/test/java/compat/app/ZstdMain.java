package compat.app;

import com.github.luben.zstd.Zstd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** zstd-jni extracts its JNI library from its own jar into java.io.tmpdir. */
public final class ZstdMain {
    private ZstdMain() {
    }

    public static void main(String[] args) {
        byte[] data = "fanload serves zstd. ".repeat(500).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Zstd.compress(data, 3);
        byte[] restored = Zstd.decompress(compressed, data.length);
        System.out.println("zstd " + data.length + " -> " + compressed.length + ", round trip " + Arrays.equals(data, restored));
    }
}
