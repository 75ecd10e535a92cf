package io.fanload.bench.control;

/**
 * Which simulated nodes die mid-transfer: every node whose index is {@code 50 mod 100} (1 %; never
 * the reader, node 0). A fixed rule, so that every agent JVM knows, without asking, whose parent
 * died: a real child learns it from its data connection, which the simulation does not have.
 */
public record LostNodes(int percent) {

    public LostNodes {
        if (percent < 0 || percent > 50) {
            throw new IllegalArgumentException("lost percent must be 0..50, is " + percent);
        }
    }

    public static String nodeId(int index) {
        return "sim" + index;
    }

    public static int index(String nodeId) {
        return Integer.parseInt(nodeId.substring(3));
    }

    public boolean lost(int index) {
        return percent > 0 && index > 0 && index % 100 >= 50 && index % 100 < 50 + percent;
    }

    public boolean lost(String nodeId) {
        return lost(index(nodeId));
    }

    /** How many of {@code nodes} are lost. */
    public int count(int nodes) {
        int n = 0;
        for (int i = 0; i < nodes; i++) {
            n += lost(i) ? 1 : 0;
        }
        return n;
    }
}
