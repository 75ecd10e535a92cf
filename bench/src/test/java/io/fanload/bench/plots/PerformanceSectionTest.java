package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PerformanceSectionTest {

    private static final String PAGE = "# by hand\n\n" + PerformanceSection.BEGIN + "\nold table\nold text\n"
            + PerformanceSection.END + "\n\n## by hand again\n";

    @Test
    void onlyTheTextBetweenTheMarkersIsReplacedAndTheMarkersStay() {
        String once = PerformanceSection.replace(PAGE, "new table\n");
        assertEquals("# by hand\n\n" + PerformanceSection.BEGIN + "\nnew table\n" + PerformanceSection.END
                + "\n\n## by hand again\n", once);
        assertEquals(once, PerformanceSection.replace(once, "new table"), "a second run changes nothing");
    }

    @Test
    void aPageWithoutBothMarkersInOrderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PerformanceSection.replace("# by hand\n", "x"));
        assertThrows(IllegalArgumentException.class, () -> PerformanceSection.replace(
                PerformanceSection.END + "\n" + PerformanceSection.BEGIN, "x"));
    }
}
