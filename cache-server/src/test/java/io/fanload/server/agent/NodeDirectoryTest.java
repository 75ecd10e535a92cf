package io.fanload.server.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void defaultNameKeepsJobsAndStepsApart() {
        assertEquals(Path.of("/dev/shm/fanload-4711-0"), NodeDirectory.defaultFor("4711", "0"));
        assertEquals(Path.of("/dev/shm/fanload-a_b-1"), NodeDirectory.defaultFor("a/b", "1"));
        assertThrows(IllegalArgumentException.class, () -> NodeDirectory.defaultFor("..", "0"));
    }

    @Test
    void createdPrivateEmptiedWhenStaleAndRemoved() throws IOException {
        Path dir = tmp.resolve("fanload-1-0");
        NodeDirectory.create(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        Files.createDirectories(dir.resolve("lib/x"));
        Files.writeString(dir.resolve("lib/x/stale.so"), "old");
        NodeDirectory.create(dir);
        try (var entries = Files.list(dir)) {
            assertEquals(0, entries.count(), "a stale folder of the same step is emptied");
        }
        Files.writeString(dir.resolve("archive.fanload"), "x");
        NodeDirectory.remove(dir);
        assertFalse(Files.exists(dir));
        NodeDirectory.remove(dir); // missing is fine
    }

    @Test
    void symbolicLinksAndFilesAreRefused() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        IOException e = assertThrows(IOException.class, () -> NodeDirectory.create(link));
        assertTrue(e.getMessage().contains("symbolic link"));
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThrows(IOException.class, () -> NodeDirectory.create(file));
        assertThrows(IOException.class, () -> NodeDirectory.create(tmp.resolve("missing/parent/dir")));
    }

    @Test
    void noRoomIsOneClearLine() throws IOException {
        IOException e = assertThrows(IOException.class, () -> NodeDirectory.checkSpace(tmp, Long.MAX_VALUE / 2));
        assertTrue(e.getMessage().startsWith("no room in " + tmp), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        NodeDirectory.checkSpace(tmp, 1);
    }
}
