#!/usr/bin/env bash
# Runs the archive-format JMH benchmarks (io.fanload.bench.archive.ArchiveBenchmarks) and prints
# a Markdown table for docs/PERFORMANCE.md. Takes about 2.5 minutes on 2 cores.
#   bench/scripts/archive-jmh.sh [extra JMH options]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f bench/target/benchmarks.jar ] || mvn -B -q package -DskipTests -pl bench -am
out=${TMPDIR:-/tmp}/fanload-archive-jmh.json
java -jar bench/target/benchmarks.jar ArchiveBenchmarks -rf json -rff "$out" "$@" >&2
python3 - "$out" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("| benchmark | score | 99.9% CI | unit |")
print("|---|---:|---|---|")
for b in rows:
    m = b["primaryMetric"]
    lo, hi = m["scoreConfidence"]
    print(f"| {b['benchmark'].split('.')[-1]} | {m['score']:.3f} | {max(lo, 0):.3f} – {hi:.3f} | {m['scoreUnit']} |")
print(f"\n{rows[0]['jvm']} ({rows[0]['vmVersion']}), params {rows[0].get('params')}")
PY
