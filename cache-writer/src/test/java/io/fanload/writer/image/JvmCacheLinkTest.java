package io.fanload.writer.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trained JVM cache's link: one live node folder holds it; a stale one is taken over. */
class JvmCacheLinkTest {

    @TempDir
    Path dir;

    @Test
    void aFreePathIsClaimedAndReleasedByItsHolderOnly() throws Exception {
        Path link = dir.resolve("fanload-jvm-x");
        Path mine = Files.createDirectories(dir.resolve("node-a"));
        Path other = Files.createDirectories(dir.resolve("node-b"));
        assertTrue(JvmCacheLink.claim(link, mine));
        assertEquals(mine, Files.readSymbolicLink(link));
        assertTrue(JvmCacheLink.claim(link, mine), "claiming again is fine");
        assertFalse(JvmCacheLink.claim(link, other), "a live folder holds it");
        assertEquals(mine, Files.readSymbolicLink(link));
        JvmCacheLink.release(link, other);
        assertTrue(Files.isSymbolicLink(link), "only the holder releases it");
        JvmCacheLink.release(link, mine);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLinkToAFolderThatIsGoneIsTakenOver() throws Exception {
        Path link = dir.resolve("fanload-jvm-x");
        Files.createSymbolicLink(link, dir.resolve("node-of-a-job-that-ended"));
        Path mine = Files.createDirectories(dir.resolve("node-a"));
        assertTrue(JvmCacheLink.claim(link, mine));
        assertEquals(mine, Files.readSymbolicLink(link));
        try (var left = Files.list(dir)) {
            assertEquals(2, left.count(), "no stale link left aside");
        }
    }

    @Test
    void somethingElseAtThePathOrNoParentIsNoClaim() throws Exception {
        Path file = Files.writeString(dir.resolve("fanload-jvm-x"), "not a link");
        Path mine = Files.createDirectories(dir.resolve("node-a"));
        assertFalse(JvmCacheLink.claim(file, mine));
        assertEquals("not a link", Files.readString(file));
        assertFalse(JvmCacheLink.claim(dir.resolve("missing/fanload-jvm-x"), mine));
    }

    @Test
    void aNodeFolderBeingRemovedReleasesTheLinkItNoted() throws Exception {
        Path link = dir.resolve("fanload-jvm-x");
        Path mine = Files.createDirectories(dir.resolve("node-a"));
        assertTrue(JvmCacheLink.claim(link, mine));
        Files.writeString(mine.resolve(JvmCacheLink.NOTE), link.toString());
        JvmCacheLink.releaseNoted(mine);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
        JvmCacheLink.releaseNoted(dir.resolve("a-folder-without-a-note"));
    }
}
