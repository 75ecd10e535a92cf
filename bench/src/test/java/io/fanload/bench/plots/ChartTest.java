package io.fanload.bench.plots;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log axes span whole decades (a label at each); coinciding series both show. */
class ChartTest {

    @TempDir
    Path dir;

    @Test
    void logAxesSpanWholeDecades() {
        assertEquals(1, Chart.decadeBelow(1.0));
        assertEquals(1, Chart.decadeBelow(4.57));
        assertEquals(10, Chart.decadeAbove(10.0));
        assertEquals(100, Chart.decadeAbove(32));
        assertEquals(1_000, Chart.decadeAbove(905.2));
        assertEquals(0.01, Chart.decadeBelow(0.05), 1e-12);
    }

    @Test
    void twoModelsOnTheSameLineBothShowTheirColour() throws Exception {
        List<Double> x = List.of(1.0, 10.0, 100.0);
        List<Double> y = List.of(5.0, 5.0, 5.0);
        Path png = dir.resolve("same.png");
        new Chart("t", "x", "y", true, true).add("first", Chart.Kind.MODEL, x, y).add("second", Chart.Kind.MODEL, x, y).save(png);
        BufferedImage image = ImageIO.read(png.toFile());
        int first = 0;
        int second = 0;
        // The right half only: the legend (top left) shows both colours whatever the lines do.
        for (int px = image.getWidth() / 2; px < image.getWidth(); px++) {
            for (int py = 0; py < image.getHeight(); py++) {
                int rgb = image.getRGB(px, py) & 0xFFFFFF;
                first += rgb == 0xC0392B ? 1 : 0;
                second += rgb == 0x2471A3 ? 1 : 0;
            }
        }
        assertTrue(first > 200 && second > 200, "pixels of each colour: " + first + ", " + second);
        assertTrue(Files.size(png) > 0);
    }
}
