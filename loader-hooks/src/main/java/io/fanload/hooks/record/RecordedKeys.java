package io.fanload.hooks.record;

/**
 * The (slot, name) pairs already recorded — slot is a class-path origin for a found entry, or a
 * negative number for the other event kinds. Not thread-safe: {@link PilotRecorder} holds its lock.
 *
 * <p>A small open-addressing table of its own rather than a JDK set, because it runs on every load
 * of a pilot rank: the former {@code ConcurrentHashMap.newKeySet()} of {@code origin + "\0" + name}
 * strings allocated two strings per load and added ~560 calls to {@code ConcurrentHashMap.putVal}
 * for H2 — enough to push that 432-byte JDK method, which the JDK's own class loading keeps just
 * under the threshold, into a C2 compile (28 ms in -XX:+LogCompilation, JDK 17). This table
 * allocates nothing per call, and its two small methods are cheap to compile.
 */
final class RecordedKeys {

    private String[] names = new String[1024];
    private int[] slots = new int[1024];
    private int size;

    /** True if {@code (slot, name)} was added before. */
    boolean contains(int slot, String name) {
        return names[indexOf(slot, name)] != null;
    }

    /** Adds {@code (slot, name)}; false if it was there already. */
    boolean add(int slot, String name) {
        int i = indexOf(slot, name);
        if (names[i] != null) {
            return false;
        }
        names[i] = name;
        slots[i] = slot;
        if (++size * 2 > names.length) {
            grow();
        }
        return true;
    }

    /** The index holding {@code (slot, name)}, or the free index where it belongs (linear probing). */
    private int indexOf(int slot, String name) {
        int mask = names.length - 1;
        int h = name.hashCode() * 31 + slot;
        int i = (h ^ (h >>> 16)) & mask;
        while (names[i] != null && (slots[i] != slot || !names[i].equals(name))) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        String[] oldNames = names;
        int[] oldSlots = slots;
        names = new String[oldNames.length * 2];
        slots = new int[oldNames.length * 2];
        for (int i = 0; i < oldNames.length; i++) {
            if (oldNames[i] != null) {
                int free = indexOf(oldSlots[i], oldNames[i]);
                names[free] = oldNames[i];
                slots[free] = oldSlots[i];
            }
        }
    }
}
