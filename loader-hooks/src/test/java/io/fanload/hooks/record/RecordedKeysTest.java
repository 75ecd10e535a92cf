package io.fanload.hooks.record;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordedKeysTest {

    @Test
    void tellsSlotsApartAndKeepsEveryKeyThroughGrowth() {
        RecordedKeys keys = new RecordedKeys();
        Set<String> reference = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String name = "a/b/C" + (i % 2_000) + ".class";
            int slot = i % 3 - 1; // -1 (absent), 0 and 1 (origins): one name in several slots
            assertEquals(reference.add(slot + "\0" + name), keys.add(slot, name), name + " in " + slot);
        }
        assertTrue(keys.contains(0, "a/b/C1.class"));
        assertTrue(keys.contains(-1, "a/b/C0.class"));
        assertFalse(keys.contains(2, "a/b/C1.class"));
        assertFalse(keys.contains(0, "a/b/C1.clas"));
        // equal hash codes: "Aa" and "BB"
        assertTrue(keys.add(0, "Aa"));
        assertTrue(keys.add(0, "BB"));
        assertFalse(keys.add(0, "Aa"));
    }
}
