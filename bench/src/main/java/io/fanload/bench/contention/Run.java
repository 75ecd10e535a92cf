package io.fanload.bench.contention;

import java.util.Map;

/**
 * One run of bench/scripts/contention.sh: R ranks in one mode at one injected metadata latency.
 * Times in milliseconds; {@code metaOps} are the brick's LOOKUP, STAT, OPEN, GETXATTR, ACCESS and
 * READDIRP counts (the operations the latency is injected into), {@code allOps} every operation;
 * {@code cpuMs} is the median rank's CPU time (every thread), NaN in results from before it was measured.
 */
public record Run(int delayUs, int rep, int ranks, int nodes, String mode, double wallMs, int status, long metaOps,
                  long allOps, double launchToMainMs, double loadMs, double imagePssKb, double imageRssKb, double pssKb,
                  double distributionSeconds, double cpuMs, boolean consistent) {

    /** A row of the TSV, by header name; "NA" where a value is missing (NaN). */
    static Run of(Map<String, String> row) {
        int ranks = Integer.parseInt(row.get("ranks"));
        String sums = row.getOrDefault("checksums", "none");
        // Every rank printed the same checksum: one group, of R ranks.
        boolean consistent = sums.equals(Integer.toString(ranks));
        return new Run(Integer.parseInt(row.get("delay_us")), Integer.parseInt(row.get("rep")), ranks,
                Integer.parseInt(row.get("nodes")), row.get("mode"), num(row, "wall_ms"), (int) num(row, "status"),
                (long) num(row, "meta_ops"), (long) num(row, "all_ops"), num(row, "launch_to_main_ms"),
                num(row, "load_ms"), num(row, "image_pss_kb"), num(row, "image_rss_kb"), num(row, "pss_kb"), num(row, "distribution_s"),
                num(row, "cpu_ms"), consistent);
    }

    private static double num(Map<String, String> row, String key) {
        String v = row.get(key);
        return v == null || v.isEmpty() || v.equals("NA") ? Double.NaN : Double.parseDouble(v);
    }

    public boolean ok() {
        return status == 0 && consistent && !Double.isNaN(wallMs);
    }
}
