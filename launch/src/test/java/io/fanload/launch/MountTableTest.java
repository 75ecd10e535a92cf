package io.fanload.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a JDK lives decides --runtime auto: the mount holding it, from /proc/self/mountinfo lines. */
class MountTableTest {

    @TempDir
    Path dir;

    private static final List<String> LINES = List.of(
            "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
            "40 22 0:35 / /sw rw,relatime shared:20 - nfs4 fs1:/export/sw rw,vers=4.2",
            "41 40 0:36 / /sw/local\\040disk rw,relatime - ext4 /dev/vdb rw",
            "42 22 0:37 / /lus rw - lustre 10.0.0.1@o2ib:/lus rw",
            "garbage line without a separator");

    @Test
    void theLongestMountPointAboveAPathDecidesAndOnlyNetworkAndParallelTypesAreShared() {
        MountTable table = MountTable.parse(LINES);
        assertEquals(Optional.of(new MountTable.Mount("/sw", "nfs4")), table.find(Path.of("/sw/jdk/17")));
        assertEquals("ext4", table.find(Path.of("/sw/local disk/jdk")).orElseThrow().type(), "octal escapes in mount points");
        assertEquals("lustre", table.find(Path.of("/lus/home/u/jdk")).orElseThrow().type());
        assertEquals("/", table.find(Path.of("/swap/jdk")).orElseThrow().point(), "a prefix of the name is not a mount above it");
        assertTrue(table.find(Path.of("/sw/jdk")).orElseThrow().shared());
        assertFalse(table.find(Path.of("/usr/lib/jvm")).orElseThrow().shared());
        assertEquals(Optional.empty(), MountTable.parse(List.of("nonsense")).find(Path.of("/x")));
    }

    @Test
    void autoCarriesTheRuntimeFromSharedStorageOnlyAndTheOthersDecideAlone() {
        MountTable table = MountTable.parse(LINES);
        assertTrue(RuntimePolicy.AUTO.carry(Path.of("/sw/jdk/17"), table).orElseThrow().contains("nfs4"));
        assertEquals(Optional.empty(), RuntimePolicy.AUTO.carry(Path.of("/usr/lib/jvm/17"), table));
        assertTrue(RuntimePolicy.CACHE.carry(dir, table).isPresent());
        assertEquals(Optional.empty(), RuntimePolicy.SYSTEM.carry(Path.of("/sw/jdk/17"), table));
    }
}
