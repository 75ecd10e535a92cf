#!/usr/bin/env bash
# launch's own start and its report writing, two builds side by side (docs/PERFORMANCE.md,
# "launch's start and the report's JSON"):
#   bench/scripts/launch-start.sh A-LIB B-LIB DEMO-DIR [ROUNDS]
# A-LIB, B-LIB: the lib/ folders of two installs (every jar, launch's too: an unpacked release's
# lib/, or launch/target/lib plus launch/target/launch-*.jar copied into one folder).
# DEMO-DIR: a folder with the quick start's demo.jar and demo.fanload (pilot-scripts/bin/quickstart
# leaves them in /tmp/fanload-quickstart). Each round runs A then B: `launch --version`, then a
# local read-cache of the demo (2 ranks, 1 node) with --report. Prints one line per run (kind,
# build, round, wall, user, sys seconds), then the medians. Run it alone: the machine's other work
# shows in every figure.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 A-LIB B-LIB DEMO-DIR [ROUNDS]" >&2; exit 64; }
a=$(cd "$1" && pwd); b=$(cd "$2" && pwd); demo=$(cd "$3" && pwd); rounds=${4:-9}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=$(mktemp)
trap 'rm -f "$out"' EXIT
TIMEFORMAT='%R %U %S'
run() { # KIND LIB
  local cp="$2/*"
  if [ "$1" = version ]; then
    { time "$java" -Dio.netty.jfr.enabled=false -cp "$cp" io.fanload.launch.LaunchCommand --version >/dev/null; } 2>&1 | tail -n 1
  else
    { time (cd "$demo" && "$java" -Dio.netty.jfr.enabled=false -cp "$cp" io.fanload.launch.LaunchCommand --read-cache \
        --cache demo.fanload -n 2 --nodes 1 --local-dir "$demo" --quiet --report launch-start.json \
        -- java -cp demo.jar demo.Main world >/dev/null 2>&1); } 2>&1 | tail -n 1
  fi
}
# One unmeasured read-cache per build: the first makes the agents' class archive (~/.cache/fanload).
run read-cache "$a" >/dev/null
run read-cache "$b" >/dev/null
for kind in version read-cache; do
  for round in $(seq "$rounds"); do
    for build in A B; do
      lib=$a
      [ "$build" = B ] && lib=$b
      echo "$kind $build $round $(run "$kind" "$lib")" | tee -a "$out"
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
