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
        Path app = Files.createDirectories(dir.resolve("app/my lib"));
        Path foo = Files.write(app.resolve("libfoo.so"), new byte[0]);
        Path bar = Files.write(app.resolve("libbar.so.1.2"), new byte[0]);
        Path extracted = Files.write(app.resolve("snappy-1.1.10-abc-libsnappyjava.so"), new byte[0]);
        long started = System.currentTimeMillis() + 60_000;
        Files.setLastModifiedTime(extracted, java.nio.file.attribute.FileTime.fromMillis(started + 1));
        Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "7f0000000000-7f0000001000 r--p 00000000 08:01 100 /opt/jdk/lib/server/libjvm.so",
                "7f0000001000-7f0000002000 r-xp 00001000 08:01 101 " + foo,
                "7f0000002000-7f0000003000 r--p 00002000 08:01 101 " + foo,
                "7f0000003000-7f0000004000 r--p 00000000 08:01 102 " + bar,
                "7f0000004000-7f0000005000 r--p 00000000 08:01 103 /lib/x86_64-linux-gnu/libc.so.6",
                "7f0000005000-7f0000006000 r--p 00000000 08:01 104 " + extracted,
                "7f0000007000-7f0000008000 r--p 00000000 08:01 106 " + app.resolve("libgone.so") + " (deleted)",
                "7f0000008000-7f0000009000 r--p 00000000 08:01 107 " + app.resolve("data.bin"),
                "7f0000009000-7f000000a000 rw-p 00000000 00:00 0 [heap]",
                "7f000000a000-7f000000b000 rw-p 00000000 00:00 0") + "\n");
        assertEquals(List.of(foo.toString(), bar.toString()), MappedLibraries.read(maps, List.of("/opt/jdk/"), started));
    }

    @Test
    void keepsUtf8PathsAndIgnoresDotSoInFolderNames() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app/bibliothèque.so.d"));
        Path lib = Files.write(app.resolve("libé.so"), new byte[0]);
        Path jar = Files.write(app.resolve("x.jar"), new byte[0]);
        Path maps = Files.write(dir.resolve("maps"), String.join("\n",
                "7f0000000000-7f0000001000 r--p 00000000 08:01 100 " + jar,
                "7f0000001000-7f0000002000 r-xp 00001000 08:01 101 " + lib,
                "7f0000002000-7f0000003000 r--p 00002000 08:01 101 " + lib).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(List.of(lib.toString()), MappedLibraries.read(maps, List.of(), System.currentTimeMillis() + 60_000));
    }

    @Test
    void readsThisProcess() throws Exception {
        List<String> libraries = MappedLibraries.ofThisProcess(System.currentTimeMillis());
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
