#!/usr/bin/env bash
# Four ranks on one node through launch --read-cache against four plain JVMs started together
# (issue 18; docs/perf/jvm-cache.md):
#   bench/scripts/jvm-cache-ranks.sh APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS]
# APP-DIR: where the command runs (its class path relative to it). Pilots once (which trains the
# JVM cache), then per round, interleaved: 4 plain JVMs started together; launch --read-cache -n 4
# --nodes 1 with --serve cache; the same with --serve loader. Prints each run's wall seconds and
# the medians with their ratios to plain. launch is this checkout's (pilot-scripts/bin/launch).
# Run it alone: the machine's other work shows in every figure.
set -euo pipefail
# shellcheck source=bench/scripts/jvm-cache-common.sh
source "$(dirname "$0")/jvm-cache-common.sh" "$@"
shift 3
"$launch" --pilot --cache "$work/app.fanload" -n 1 --local-dir "$work" --quiet -- "$@" >/dev/null
served4() { # SERVE-MODE COMMAND...
  local mode=$1; shift
  "$launch" --read-cache --cache "$work/app.fanload" -n 4 --nodes 1 --local-dir "$work" --serve "$mode" --quiet -- "$@" \
    >/dev/null 2>&1
}
for round in $(seq 0 "$rounds"); do # round 0 warms the page cache and the agents' class archive
  for kind in plain cache loader; do
    start=$(now)
    case $kind in
      plain) plain4 "$@" ;;
      *) served4 "$kind" "$@" ;;
    esac
    end=$(now)
    if [ "$round" -gt 0 ]; then echo "$kind $round $(awk "BEGIN { print $end - $start }")"; fi
  done
done | tee "$work/runs"
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {k: statistics.median(float(r[2]) for r in rows if r[0] == k) for k in ("plain", "cache", "loader")}
for k, v in med.items():
    print(f"{k}: median {v:.3f} s ({v / med['plain']:.2f}x plain)")
PY
