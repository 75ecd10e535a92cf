package faults;

import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The fault suite's application: reads every blob of big.jar (incompressible resources, so the
 * archive is large and its transfer lasts seconds), prints their SHA-256, then runs the e2e
 * application (classes from two jars, a service, a resource, a JNI library).
 */
public class BigMain {
    public static void main(String[] args) throws Exception {
        String rank = System.getenv().getOrDefault("SLURM_PROCID", System.getenv().getOrDefault("FANLOAD_RANK", "0"));
        int blobs = Integer.parseInt(args.length > 0 ? args[0] : "0");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < blobs; i++) {
            try (InputStream in = BigMain.class.getResourceAsStream("/big/blob-" + i + ".bin")) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    sha.update(buffer, 0, n);
                }
            }
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : sha.digest()) {
            hex.append(String.format("%02x", b));
        }
        System.out.println("rank " + rank + ": big " + hex);
        e2e.Main.main(new String[0]);
    }
}
