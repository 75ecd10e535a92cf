package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeTablesTest {

    @Test
    void eachBatchRendersIntoItsBlockAndTheProseAroundItStays(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("tree.md");
        String page = "# by hand\n\n" + TreeTables.begin("warm") + "\nold\n" + TreeTables.END + "\n\nprose\n\n"
                + TreeTables.begin("cold") + "\n" + TreeTables.END + "\n";
        Files.writeString(md, page);
        TreeFigures figures = new Results(TreeFiguresTest.results(dir, TreeFiguresTest.TSV, TreeFiguresTest.PROPERTIES)).tree();
        TreeTables.write(md, figures);
        assertEquals("# by hand\n\n" + TreeTables.begin("warm") + "\n"
                + "| P | S | shape | 256 KiB | 1 MiB | bound |\n"
                + "| --- | --- | --- | --- | --- | --- |\n"
                + "| 4 | 256 MiB | chain | 2.540 s (1.18x) | 2.326 s (1.08x), 2.409 s (1.12x) | 2.148 s |\n"
                + TreeTables.END + "\n\nprose\n\n" + TreeTables.begin("cold") + "\n"
                + "| P | S | binary | bound |\n"
                + "| --- | --- | --- | --- |\n"
                + "| 16 | 256 MiB | 15.457 s (7.20x) | 2.148 s |\n"
                + TreeTables.END + "\n", Files.readString(md));
        String once = Files.readString(md);
        TreeTables.write(md, figures);
        assertEquals(once, Files.readString(md), "a second run changes nothing");
    }

    @Test
    void aBatchWithoutItsBlockInThePageIsAnError(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("tree.md");
        Files.writeString(md, TreeTables.begin("warm") + "\n" + TreeTables.END + "\n");
        TreeFigures figures = new Results(TreeFiguresTest.results(dir, TreeFiguresTest.TSV, TreeFiguresTest.PROPERTIES)).tree();
        IOException e = assertThrows(IOException.class, () -> TreeTables.write(md, figures));
        assertTrue(e.getMessage().startsWith(md + ": no " + TreeTables.begin("cold")), e.getMessage());
    }
}
