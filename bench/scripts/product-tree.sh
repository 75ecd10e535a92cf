#!/usr/bin/env bash
# The tree as users meet it (issue 19, item 2; docs/perf/tree.md, "The issue's benchmark on the test
# bed"): `launch --read-cache ... -- srun java ...` inside sbatch on the test bed's 4 Slurm nodes,
# every node's link shaped to 1 Gbit/s, an archive of about 200 MB (Rhino with the JDK carried,
# --runtime cache), RUNS jobs:
#   bench/scripts/product-tree.sh APP-DIR [RUNS [KEEP-DIR]]
# APP-DIR holds rhino-1.7.15.jar (compat-tests/target/apps after the build). Prints per job the
# archive's size, distributionSeconds and its ratio to S/B (B = 1 Gbit/s), and per node the seconds
# from its last byte to ready; then the medians. KEEP-DIR (e.g. bench/results) gets every job's
# report as timeline-product-tree-N.json (BenchReport draws the timeline from the last). Owns the test bed while it runs (brings it up, takes
# it down). NODES=2 (environment) runs it on 2 nodes instead of 4: on a 2-core machine, each
# node's agent then has a core. Run it alone: the machine's other work shows in every figure.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 APP-DIR [RUNS [KEEP-DIR]]" >&2; exit 64; }
apps=$(cd "$1" && pwd); runs=${2:-5}; keep=${3:-}
[ -z "$keep" ] || keep=$(cd "$keep" && pwd)
[ -f "$apps/rhino-1.7.15.jar" ] || { echo "$0: no rhino-1.7.15.jar in $apps" >&2; exit 66; }
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../../pilot-scripts/e2e/lib.sh
source "$root/pilot-scripts/e2e/lib.sh"
export FANLOAD_TESTBED_OWNER=$$
trap '"$tb" down >/dev/null 2>&1 || true' EXIT
nodes=${NODES:-4}
"$tb" up --nodes "$nodes" >/dev/null
# shellcheck disable=SC1090
source <("$tb" env)
work=$FANLOAD_TESTBED_SHARED/product-tree
mkdir -p "$work"
cp "$apps/rhino-1.7.15.jar" "$work/"
echo 'print(1)' > "$work/s.js"
cd "$work"
"$launch" --pilot --cache rt.fanload --runtime cache --jvm-cache off -n 1 --quiet -- \
  java -cp rhino-1.7.15.jar org.mozilla.javascript.tools.shell.Main s.js >/dev/null
for ((n = 1; n <= nodes; n++)); do "$tb" throttle "n$n" 1gbit >/dev/null; done
cat > job.sh <<JOB
#!/bin/bash
exec "$launch" --read-cache --cache rt.fanload --quiet --report "\$REPORT" -- \
  srun java -cp rhino-1.7.15.jar org.mozilla.javascript.tools.shell.Main s.js
JOB
chmod +x job.sh
for ((i = 1; i <= runs; i++)); do
  REPORT=$work/r-$i.json sbatch_wait "$work" 300 --export=ALL "-N$nodes" --ntasks-per-node=1 -o "$work/job-$i.out" job.sh \
    >/dev/null || { echo "job $i failed: $work/job-$i.out" >&2; exit 1; }
done
if [ -n "$keep" ]; then
  for ((i = 1; i <= runs; i++)); do cp "$work/r-$i.json" "$keep/timeline-product-tree-$i.json"; done
fi
python3 - "$work" "$runs" <<'PY'
import json, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rate = 1e9 / 8
ratios, dists, tails = [], [], []
for i in range(1, runs + 1):
    r = json.load(open(f"{work}/r-{i}.json"))
    size = r["archiveBytes"]
    bound = size / rate
    dist = r["distributionSeconds"]
    nodes = r["nodeStatus"]
    tail = {n: s["readySeconds"] - s["lastByteSeconds"] for n, s in sorted(nodes.items())}
    tails.extend(tail.values())
    dists.append(dist)
    ratios.append(dist / bound)
    print(f"job {i}: {size / 1e6:.0f} MB, S/B {bound:.2f} s, distributionSeconds {dist:.2f} ({dist / bound:.2f}x); "
          + "last byte -> ready " + ", ".join(f"{n} {t * 1000:.0f} ms" for n, t in tail.items()))
print(f"median: distributionSeconds {statistics.median(dists):.2f} s ({statistics.median(ratios):.2f}x S/B); "
      f"last byte -> ready median {statistics.median(tails) * 1000:.0f} ms, max {max(tails) * 1000:.0f} ms")
PY
