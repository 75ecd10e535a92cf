package io.fanload.bench.contention;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentionResultsTest {

    private static final String HEADER = "delay_us\trep\tranks\tnodes\tmode\twall_ms\tstatus\tmeta_ops\tall_ops\t"
            + "launch_to_main_ms\tload_ms\tvisit_ms\tcompute_ms\timage_pss_kb\timage_rss_kb\tpss_kb\tdistribution_s\tmisses\tchecksums";

    @Test
    void readsRunsAndTakesMediansOfTheGoodOnes(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("c.tsv");
        Files.writeString(tsv, String.join("\n", HEADER,
                "300\t1\t4\t4\tvanilla\t5000\t0\t3800\t4500\t900\t2000\t80\t70\t0\t0\t44000\tNA\tNA\t4",
                "300\t2\t4\t4\tvanilla\t7000\t0\t3700\t4400\t900\t2000\t80\t70\t0\t0\t44000\tNA\tNA\t4",
                "300\t3\t4\t4\tvanilla\t6000\t0\t3900\t4600\t900\t2000\t80\t70\t0\t0\t44000\tNA\tNA\t4",
                // A rank printed another checksum: left out.
                "300\t4\t4\t4\tvanilla\t1000\t0\t3900\t4600\t900\t2000\t80\t70\t0\t0\t44000\tNA\tNA\t3,1",
                "300\t1\t4\t4\tfanload\t9000\t0\t233\t300\t7000\t400\t80\t70\t5800\t5900\t38000\t1.5\t0\t4", ""));
        ContentionResults r = ContentionResults.read(tsv);
        assertEquals(5, r.runs().size());
        assertEquals(1, r.failed());
        assertFalse(r.runs().get(3).ok());
        Stats v = r.seconds(300, 4, ContentionResults.VANILLA);
        assertEquals(6.0, v.median(), 1e-9);
        assertEquals(5.0, v.min(), 1e-9);
        assertEquals(7.0, v.max(), 1e-9);
        assertEquals(3, v.n());
        assertEquals(1.5, r.runs().get(4).distributionSeconds(), 1e-9);
        assertTrue(Double.isNaN(r.runs().get(0).distributionSeconds()));
    }

    @Test
    void medianOfEvenCountAveragesTheMiddleAndSkipsNaN() {
        Stats s = Stats.of(4, Double.NaN, 1, 3, 2);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(4, s.n());
        assertEquals(0, Stats.of().n());
    }
}
