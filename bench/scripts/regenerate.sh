#!/usr/bin/env bash
# Regenerates docs/perf/bench.md, the PNG plots in docs/plots/ (issue 6) and the generated blocks of
# docs/PERFORMANCE.md and docs/perf/tree.md from the raw results in
# bench/results/ (contention-*, generator-*, tree-netns.*) and the start-up model; the prose is in
# bench/src/main/resources/io/fanload/bench/plots/*.mustache.
#   bench/scripts/regenerate.sh             tables and plots from the committed results (7-33 s: build 0-25 s,
#                                           model calibration and plots 7-10 s)
#   bench/scripts/regenerate.sh --measure   first re-measures: generate-presets.sh (~2 min) and, as root,
#                                           contention.sh on the test bed: pynamic (~28 min on 2 cores),
#                                           h2 and rhino at 1, 4, 16, 32 ranks (~8 min each)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
measure=0
[ "${1:-}" = "--measure" ] && measure=1
# bench alone when the other modules are installed; the whole reactor otherwise.
mvn -B -q -o package -DskipTests -pl bench 2>/dev/null || mvn -B -q -o install -DskipTests
if [ "$measure" = 1 ]; then
  bench/scripts/generate-presets.sh
  bench/scripts/contention.sh --preset pynamic
  for app in h2 rhino; do
    bench/scripts/contention.sh --preset "$app" --ranks "1 4 16 32"
  done
fi
java -cp bench/target/benchmarks.jar io.fanload.bench.plots.BenchReport bench/results docs
