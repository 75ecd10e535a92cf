#!/usr/bin/env bash
# Archive size and distribution time with and without the runtime and the trained JVM cache
# (issue 18; docs/perf/jvm-cache.md):
#   bench/scripts/jvm-cache-archives.sh APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS]
# For each of the four archives (--runtime system|cache x --jvm-cache off|auto) of the command run
# in APP-DIR: the pilot's wall time (1 rank) and the archive's size; then ROUNDS local read-cache
# runs of 4 ranks on 4 simulated nodes, from which the median distributionSeconds (--report) and
# the median wall time of the whole job. launch is this checkout's (pilot-scripts/bin/launch).
# Run it alone: the machine's other work shows in every figure.
set -euo pipefail
# shellcheck source=bench/scripts/jvm-cache-common.sh
source "$(dirname "$0")/jvm-cache-common.sh" "$@"
shift 3
seconds() { awk "BEGIN { printf \"%.2f\", $2 - $1 }"; }
for runtime in system cache; do
  for cache in off auto; do
    archive="$work/$runtime-$cache.fanload"
    start=$(now)
    "$launch" --pilot --cache "$archive" -n 1 --runtime "$runtime" --jvm-cache "$cache" --local-dir "$work" --quiet \
      -- "$@" >/dev/null 2>&1
    pilot=$(seconds "$start" "$(now)")
    size=$(stat -c %s "$archive")
    for round in $(seq "$rounds"); do
      start=$(now)
      "$launch" --read-cache --cache "$archive" -n 4 --nodes 4 --local-dir "$work" --quiet --report "$work/r.json" \
        -- "$@" >/dev/null 2>&1
      wall=$(seconds "$start" "$(now)")
      dist=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["distributionSeconds"])' "$work/r.json")
      echo "$runtime $cache $round $dist $wall"
    done > "$work/runs"
    python3 - "$work/runs" "$runtime" "$cache" "$size" "$pilot" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
dist = statistics.median(float(r[3]) for r in rows)
wall = statistics.median(float(r[4]) for r in rows)
size = int(sys.argv[4]) / 2**20
print(f"--runtime {sys.argv[2]:6} --jvm-cache {sys.argv[3]:4}: archive {size:7.1f} MiB, pilot {sys.argv[5]} s,"
      f" distribution median {dist:.2f} s, job median {wall:.2f} s ({len(rows)} rounds)")
PY
  done
done
