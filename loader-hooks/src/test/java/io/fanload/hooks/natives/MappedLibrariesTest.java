package io.fanload.hooks.natives;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MappedLibrariesTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheApplicationsSharedObjectsOnly() throws Exception {
        Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "7f0000000000-7f0000001000 r--p 00000000 08:01 100 /opt/jdk/lib/server/libjvm.so",
                "7f0000001000-7f0000002000 r-xp 00001000 08:01 101 /shared/app/lib/libfoo.so",
                "7f0000002000-7f0000003000 r--p 00002000 08:01 101 /shared/app/lib/libfoo.so",
                "7f0000003000-7f0000004000 r--p 00000000 08:01 102 /shared/app/lib/libbar.so.1.2",
                "7f0000004000-7f0000005000 r--p 00000000 08:01 103 /lib/x86_64-linux-gnu/libc.so.6",
                "7f0000005000-7f0000006000 r--p 00000000 08:01 104 /tmp/snappy-1.1.10-abc-libsnappyjava.so",
                "7f0000006000-7f0000007000 r--p 00000000 08:01 105 /shared/app/my lib/libspace.so",
                "7f0000007000-7f0000008000 r--p 00000000 08:01 106 /shared/app/lib/libgone.so (deleted)",
                "7f0000008000-7f0000009000 r--p 00000000 08:01 107 /shared/app/data.bin",
                "7f0000009000-7f000000a000 rw-p 00000000 00:00 0 [heap]",
                "7f000000a000-7f000000b000 rw-p 00000000 00:00 0") + "\n");
        assertEquals(List.of("/shared/app/lib/libfoo.so", "/shared/app/lib/libbar.so.1.2", "/shared/app/my lib/libspace.so"),
                MappedLibraries.read(maps, List.of("/opt/jdk/", "/tmp/")));
    }

    @Test
    void readsThisProcess() throws Exception {
        List<String> libraries = MappedLibraries.ofThisProcess();
        String javaHome = System.getProperty("java.home");
        assertFalse(libraries.stream().anyMatch(path -> path.startsWith(javaHome)), libraries.toString());
    }

    @Test
    void parsesTheMapsPathColumn() {
        assertNull(MappedLibraries.pathOf("7f-7f rw-p 00000000 00:00 0"));
        assertEquals("/a b/libx.so", MappedLibraries.pathOf("7f-7f r--p 00000000 08:01 1          /a b/libx.so"));
        assertTrue(MappedLibraries.isSharedObject("/x/libz.so.1"));
        assertFalse(MappedLibraries.isSharedObject("/x/libz.sox"));
    }

    @Test
    void searchesLikeTheJdk() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.write(lib.resolve(System.mapLibraryName("probe")), new byte[0]);
        assertEquals(lib.resolve(System.mapLibraryName("probe")).toString(),
                LibrarySearch.find("probe", dir.resolve("none") + ":" + lib));
        assertNull(LibrarySearch.find("probe", ""));
        assertTrue(LibrarySearch.isJdkLibrary("net"));
        assertFalse(LibrarySearch.isJdkLibrary("probe"));
    }
}
