#!/usr/bin/env bash
# launch's fixed cost, two installs side by side, each run as a user runs it (its bin/launch)
# (docs/perf/jvm-cache.md, "launch's fixed cost"; docs/PERFORMANCE.md):
#   bench/scripts/launch-start.sh A-PREFIX B-PREFIX DEMO-DIR [ROUNDS]
# A-PREFIX, B-PREFIX: two unpacked releases (dist/target/fanload-*.tar.gz: bin/launch beside lib/).
# DEMO-DIR: a folder with the quick start's demo.jar and demo.fanload (pilot-scripts/bin/quickstart
# leaves them in /tmp/fanload-quickstart). fanload's class archives (launch's own and the agents')
# go to a fresh folder; one unmeasured job per install makes them. Each round runs A then B:
# `launch --version`, then a local read-cache of the demo (2 ranks, 1 node) with --report. Prints
# one line per run (kind, build, round, wall, user, sys seconds of launch's whole process tree),
# then the medians. Run it alone: the machine's other work shows in every figure.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 A-PREFIX B-PREFIX DEMO-DIR [ROUNDS]" >&2; exit 64; }
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); demo=$(cd "$3" && pwd); rounds=${4:-9}
out=$(mktemp)
FANLOAD_AGENT_CDS=$(mktemp -d)
export FANLOAD_AGENT_CDS
trap 'rm -rf "$out" "$FANLOAD_AGENT_CDS"' EXIT
TIMEFORMAT='%R %U %S'
run() { # KIND PREFIX
  if [ "$1" = version ]; then
    { time "$2/bin/launch" --version >/dev/null; } 2>&1 | tail -n 1
  else
    { time (cd "$demo" && "$2/bin/launch" --read-cache --cache demo.fanload -n 2 --nodes 1 --local-dir "$demo" \
        --quiet --report launch-start.json -- java -cp demo.jar demo.Main world >/dev/null 2>&1); } 2>&1 | tail -n 1
  fi
}
# One unmeasured read-cache per install: the first makes its class archives.
run read-cache "$a" >/dev/null
run read-cache "$b" >/dev/null
for kind in version read-cache; do
  for round in $(seq "$rounds"); do
    for build in A B; do
      prefix=$a
      [ "$build" = B ] && prefix=$b
      echo "$kind $build $round $(run "$kind" "$prefix")" | tee -a "$out"
    done
  done
done
python3 - "$out" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for kind in ("version", "read-cache"):
    for build in "AB":
        runs = [r for r in rows if r[0] == kind and r[1] == build]
        wall = [float(r[3]) for r in runs]
        cpu = [float(r[4]) + float(r[5]) for r in runs]
        print(f"{kind} {build}: wall median {statistics.median(wall):.3f} s ({min(wall):.3f}-{max(wall):.3f}),"
              f" CPU median {statistics.median(cpu):.3f} s ({min(cpu):.3f}-{max(cpu):.3f}), {len(runs)} runs")
PY
