#!/usr/bin/env bash
# Four ranks on one node through two installs' launch, against four plain JVMs started together,
# in one run (issue 18; docs/perf/jvm-cache.md, "Four ranks on one node"):
#   bench/scripts/launch-ranks.sh A-PREFIX B-PREFIX APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS]
# A-PREFIX, B-PREFIX: two unpacked releases (dist/target/fanload-*.tar.gz: bin/launch beside lib/).
# B's launch pilots once (which trains the JVM cache), then per round, interleaved: 4 plain JVMs
# started together; A's `launch --read-cache -n 4 --nodes 1`; B's the same (--serve auto, the
# default). fanload's class archives go to a fresh folder; two unmeasured jobs per install make them.
# Prints each run's wall seconds and the medians with their ratios to plain. Run it alone.
set -euo pipefail
if [ $# -lt 6 ]; then
  echo "usage: $0 A-PREFIX B-PREFIX APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS]" >&2
  exit 64
fi
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); shift 2
# shellcheck source=bench/scripts/jvm-cache-common.sh
source "$(dirname "$0")/jvm-cache-common.sh" "$@"
shift 3
FANLOAD_AGENT_CDS=$work/class-archives
export FANLOAD_AGENT_CDS
"$b/bin/launch" --pilot --cache "$work/app.fanload" -n 1 --local-dir "$work" --quiet -- "$@" >/dev/null
served4() { # PREFIX COMMAND...
  local prefix=$1; shift
  "$prefix/bin/launch" --read-cache --cache "$work/app.fanload" -n 4 --nodes 1 --local-dir "$work" --quiet -- "$@" \
    >/dev/null 2>&1
}
for prefix in "$a" "$b"; do served4 "$prefix" "$@"; served4 "$prefix" "$@"; done
for round in $(seq "$rounds"); do
  for kind in plain A B; do
    start=$(now)
    case $kind in
      plain) plain4 "$@" ;;
      A) served4 "$a" "$@" ;;
      B) served4 "$b" "$@" ;;
    esac
    end=$(now)
    echo "$kind $round $(awk "BEGIN { print $end - $start }")"
  done
done | tee "$work/runs"
python3 - "$work/runs" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {k: statistics.median(float(r[2]) for r in rows if r[0] == k) for k in ("plain", "A", "B")}
for k, v in med.items():
    print(f"{k}: median {v:.2f} s, {v / med['plain']:.2f}x plain")
PY
