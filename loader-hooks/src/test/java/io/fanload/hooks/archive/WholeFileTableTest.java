package io.fanload.hooks.archive;

import io.fanload.hooks.archive.WholeFileTable.WholeFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeFileTableTest {

    @Test
    void rowsRoundTripWithTheirOffsetsAfterTheTable() throws ArchiveException {
        List<WholeFile> files = List.of(new WholeFile("/pfs/app/lib/a.jar", 100, 1_700_000_000_123_456_789L, 7, 0),
                new WholeFile("/pfs/app/classes/conf/ü.txt", 5, 42, -1, 0));
        byte[] table = WholeFileTable.encode(files);
        assertEquals(0, table.length % 8);
        long filesEnd = ArchiveFormat.HEADER_SIZE + table.length + 105;
        List<WholeFile> back = WholeFileTable.parse("t", ByteBuffer.wrap(table), filesEnd);
        assertEquals(2, back.size());
        assertEquals("/pfs/app/classes/conf/ü.txt", back.get(1).path());
        assertEquals(1_700_000_000_123_456_789L, back.get(0).mtimeNanos());
        assertEquals(-1, back.get(1).crc32c());
        assertEquals(ArchiveFormat.HEADER_SIZE + table.length, back.get(0).offset());
        assertEquals(ArchiveFormat.HEADER_SIZE + table.length + 100, back.get(1).offset());
    }

    @Test
    void aTableThatDoesNotAddUpToTheHeaderIsRefused() {
        byte[] table = WholeFileTable.encode(List.of(new WholeFile("/a.jar", 10, 0, 0, 0)));
        ArchiveException e = assertThrows(ArchiveException.class, () ->
                WholeFileTable.parse("t", ByteBuffer.wrap(table), ArchiveFormat.HEADER_SIZE + table.length + 11));
        assertTrue(e.getMessage().contains("the header says"), e.getMessage());
    }

    @Test
    void aFlippedTableByteIsCaught() {
        byte[] table = WholeFileTable.encode(List.of(new WholeFile("/a.jar", 10, 0, 0, 0)));
        long filesEnd = ArchiveFormat.HEADER_SIZE + table.length + 10;
        for (int i = 0; i < table.length; i++) {
            byte[] broken = table.clone();
            broken[i] ^= 0x04;
            assertThrows(ArchiveException.class, () -> WholeFileTable.parse("t", ByteBuffer.wrap(broken), filesEnd),
                    "flip at " + i);
        }
    }

    @Test
    void pathsThatCouldLeaveTheNodeFolderAreRefused() {
        for (String hostile : List.of("relative/a.jar", "/pfs/../../etc/passwd", "/pfs/./a.jar", "/pfs//a.jar", "/",
                "/pfs/a.jar/", "/pfs/a\0.jar")) {
            assertFalse(WholeFileTable.safePath(hostile), hostile);
            byte[] table = WholeFileTable.encode(List.of(new WholeFile(hostile, 1, 0, 0, 0)));
            assertThrows(ArchiveException.class, () -> WholeFileTable.parse("t", ByteBuffer.wrap(table),
                    ArchiveFormat.HEADER_SIZE + table.length + 1), hostile);
        }
        assertTrue(WholeFileTable.safePath("/pfs/app/a b/ü.jar"));
    }

    @Test
    void neighbourLinksRoundTripAndMayNotSitAboveACarriedFile() throws ArchiveException {
        List<WholeFile> files = List.of(new WholeFile("/pfs/home/lib/app.jar", 3, 0, 0, 0));
        byte[] table = WholeFileTable.encode(files, List.of("/pfs/home/conf", "/pfs/home/lib/README"));
        long filesEnd = ArchiveFormat.HEADER_SIZE + table.length + 3;
        WholeFileTable.Table back = WholeFileTable.parseTable("t", ByteBuffer.wrap(table), filesEnd);
        assertEquals(List.of("/pfs/home/conf", "/pfs/home/lib/README"), back.links());
        assertEquals(files.get(0).path(), back.files().get(0).path());
        for (String above : List.of("/pfs/home/lib", "/pfs/home", "/pfs")) {
            byte[] hostile = WholeFileTable.encode(files, List.of(above));
            ArchiveException e = assertThrows(ArchiveException.class, () -> WholeFileTable.parseTable("t",
                    ByteBuffer.wrap(hostile), ArchiveFormat.HEADER_SIZE + hostile.length + 3), above);
            assertTrue(e.getMessage().contains("neighbour link"), e.getMessage());
        }
    }
}
