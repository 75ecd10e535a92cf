#!/usr/bin/env bash
# Generates the generator's presets (pynamic: the DLFM paper's Pynamic size; large: ~500 jars,
# ~150 MB), times each, and writes bench/results/generator-PRESET.properties (the generator's own
# step timings, sizes, the wall time of the whole JVM, the machine's load). About 2 minutes on 2 cores.
#   bench/scripts/generate-presets.sh [PRESET...]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/bench/target/benchmarks.jar
[ -f "$jar" ] || { echo "generate-presets.sh: build first: mvn -B -o package -DskipTests -pl bench" >&2; exit 2; }
presets=("$@"); [ ${#presets[@]} -gt 0 ] || presets=(pynamic large)
out=$(mktemp -d /tmp/fanload-presets.XXXXXX)
trap 'rm -rf "$out"' EXIT
for preset in "${presets[@]}"; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(date +%s%N)
  java -cp "$jar" io.fanload.bench.generator.Generator "$preset" "$out/$preset"
  end=$(date +%s%N)
  {
    cat "$out/$preset/generated.properties"
    echo "wall_s=$(awk -v n=$((end - start)) 'BEGIN { printf "%.1f", n / 1e9 }')"
    echo "load_before=$load"
    echo "machine=$(nproc) cores, $(java -version 2>&1 | head -n 1)"
  } > "$root/bench/results/generator-$preset.properties"
  rm -rf "${out:?}/$preset"
done
