package io.fanload.launch;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report's layout, which tests and scripts read: "key": value, six decimals, null for NaN, escapes. */
class JsonTest {

    @Test
    void theReportKeepsItsLayout() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("status", "READY");
        node.put("readySeconds", 0.0005);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", "read-cache");
        report.put("exitCode", 0);
        report.put("archiveBytes", 8_424L);
        report.put("distributionSeconds", Double.NaN);
        report.put("strict", false);
        report.put("error", null);
        report.put("nodeStatus", Map.of("node0", node));
        report.put("mostMissed", Map.of());
        report.put("warnings", Arrays.asList("a \"quoted\"\tname\u0001", null));
        report.put("ranksSeconds", List.of(1.25, Double.POSITIVE_INFINITY));
        assertEquals("""
                {
                  "mode": "read-cache",
                  "exitCode": 0,
                  "archiveBytes": 8424,
                  "distributionSeconds": null,
                  "strict": false,
                  "error": null,
                  "nodeStatus": {
                    "node0": {
                      "status": "READY",
                      "readySeconds": 0.000500
                    }
                  },
                  "mostMissed": { },
                  "warnings": [ "a \\"quoted\\"\\tname\\u0001", null ],
                  "ranksSeconds": [ 1.250000, null ]
                }
                """, Json.write(report));
    }
}
