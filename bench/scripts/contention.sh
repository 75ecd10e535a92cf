#!/usr/bin/env bash
# Contention benchmark (issue 6) on the test bed: R ranks of a generated application, plain java
# from the shared file system (GlusterFS with injected metadata latency) against launch
# --read-cache, three repetitions interleaved. Per run: wall time of the step, the brick's
# operation counts (Gluster's profile), every rank's timings and the PSS of the node-local image.
# Needs root, a built fanload (mvn -o install -DskipTests) and bench/target/benchmarks.jar.
#
#   bench/scripts/contention.sh [--preset pynamic] [--ranks "1 2 4 8 16 32"] [--delays "300 2000"]
#                               [--reps 3] [--out bench/results/contention-pynamic.tsv]
#
# Brings the test bed up (4 nodes) and always takes it down again. Ranks spread over min(R, 4)
# nodes. Raw outputs: bench/results/tmp/. One row per run in --out (tab-separated, header first);
# the application's and archive's sizes and the machine in the same name with .properties.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
preset=pynamic; ranks="1 2 4 8 16 32"; delays="300 2000"; reps=3; out=
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset=$2; shift 2 ;;
    --ranks) ranks=$2; shift 2 ;;
    --delays) delays=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "contention.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out=${out:-$root/bench/results/contention-$preset.tsv}
props=${out%.tsv}.properties
[ "$(id -u)" = 0 ] || { echo "contention.sh: needs root (the test bed)" >&2; exit 2; }
jar=$root/bench/target/benchmarks.jar
[ -f "$jar" ] && [ -d "$root/cache-server/target/lib" ] || { echo "contention.sh: build first: mvn -B -o install -DskipTests" >&2; exit 2; }
tb=$root/pilot-scripts/testbed/testbed.sh
raw=$root/bench/results/tmp/$preset
rm -rf "$raw"; mkdir -p "$raw" "$(dirname "$out")"
export FANLOAD_TESTBED_OWNER=$$
trap '"$tb" down >/dev/null 2>&1 || true' EXIT
trap 'exit 1' INT TERM

# The application is generated on local disk (its sources would be thousands of small writes on the
# slow volume), then copied to the shared file system.
gen=$(mktemp -d /tmp/fanload-gen.XXXXXX)
java -cp "$jar" io.fanload.bench.generator.Generator "$preset" "$gen/app" | tee "$raw/generated.txt"

first_delay=${delays%% *}
"$tb" up --nodes 4 --delay-us "$first_delay" >&2
# shellcheck disable=SC1090
source <("$tb" env)
app=$FANLOAD_TESTBED_SHARED/app-$preset
work=$FANLOAD_TESTBED_SHARED/work
mkdir -p "$app" "$work"
cp -r "$gen/app/jars" "$gen/app/lib" "$app/"
rm -rf "$gen"
app_cp=$app/jars/driver.jar
for j in "$app"/jars/gen-*.jar; do app_cp+=":$j"; done
export FANLOAD_HOME=$root APP_CP=$app_cp APP_LIB=$app/lib FANLOAD_CACHE=$work/$preset.fanload
{
  echo "preset=$preset"
  echo "date=$(date -u +%FT%TZ)"
  du -sb "$app" | awk '{ print "app_bytes=" $1 }'
} > "$props"

# The pilot: 2 ranks on the host through the local launcher; the app's paths are the same mount.
(cd "$work" && "$root/pilot-scripts/bin/launch" --quiet --pilot --launcher local --cache "$FANLOAD_CACHE" -n 2 \
  --report "$raw/pilot.json" -- java -Djava.library.path="$APP_LIB" -cp "$APP_CP" io.fanload.bench.generator.app.GenDriver) \
  > "$raw/pilot.out" 2>&1
echo "archive_bytes=$(stat -c %s "$FANLOAD_CACHE")" >> "$props"

meta_ops="LOOKUP STAT OPEN GETXATTR ACCESS READDIRP"
echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$props"
printf 'delay_us\trep\tranks\tnodes\tmode\twall_ms\tstatus\tmeta_ops\tall_ops\tlaunch_to_main_ms\tload_ms\tvisit_ms\tcompute_ms\timage_pss_kb\timage_rss_kb\tpss_kb\tdistribution_s\tmisses\tchecksums\n' > "$out"
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "NA"; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
field() { grep -o " $1=[-0-9]*" "$2" | cut -d= -f2 | median; }

for delay in $delays; do
  [ "$delay" = "$first_delay" ] || "$tb" delay "$delay" >&2
  # Profiling survives the volume's restart by `delay`: start it once, and clear it from then on.
  "$tb" fs-ops start 2>/dev/null || "$tb" fs-ops clear
  for rep in $(seq 1 "$reps"); do
    for r in $ranks; do
      nodes=$((r < 4 ? r : 4)); per=$(((r + nodes - 1) / nodes))
      # Interleaved, and the order alternates between repetitions so neither mode always goes first.
      modes="vanilla fanload"; [ $((rep % 2)) -eq 0 ] && modes="fanload vanilla"
      for mode in $modes; do
        tag=d$delay-r$r-$mode-$rep
        "$tb" fs-ops clear
        # Submitted from the test bed's local state folder: a working directory on the shared file system
        # would add every task's chdir (and more) to the counts (docs/TESTBED.md).
        (cd "$FANLOAD_TESTBED_DIR" && FANLOAD_REPORT=$raw/$tag.json timeout 900 sbatch --wait --nodes="$nodes" --ntasks-per-node="$per" \
          -o "$raw/$tag.out" -e "$raw/$tag.err" "$root/bench/scripts/contention-job.sh" "$mode") >/dev/null || true
        "$tb" fs-ops show > "$raw/$tag.ops"
        meta=$(awk -v want="$meta_ops" 'BEGIN { split(want, w, " "); for (i in w) m[w[i]] = 1 } m[$1] { s += $2 } END { print s + 0 }' "$raw/$tag.ops")
        all=$(awk '{ s += $2 } END { print s + 0 }' "$raw/$tag.ops")
        wall=$(grep -o 'wall_ms=[0-9]*' "$raw/$tag.out" | cut -d= -f2); status=$(grep -o 'status=[0-9]*' "$raw/$tag.out" | cut -d= -f2)
        dist=NA; misses=NA
        if [ -f "$raw/$tag.json" ]; then
          dist=$(grep -o '"distributionSeconds": [0-9.]*' "$raw/$tag.json" | awk '{ print $2 }')
          misses=$(grep -o '"misses": [0-9]*' "$raw/$tag.json" | awk '{ print $2 }')
        fi
        sums=$(grep -o 'checksum=[0-9a-f]*' "$raw/$tag.out" | sort | uniq -c | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $1 }')
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$delay" "$rep" "$r" "$nodes" "$mode" \
          "${wall:-NA}" "${status:-NA}" "$meta" "$all" "$(field launch_to_main_ms "$raw/$tag.out")" "$(field load_ms "$raw/$tag.out")" \
          "$(field visit_ms "$raw/$tag.out")" "$(field compute_ms "$raw/$tag.out")" "$(field image_pss_kb "$raw/$tag.out")" \
          "$(field image_rss_kb "$raw/$tag.out")" "$(field pss_kb "$raw/$tag.out")" "${dist:-NA}" "${misses:-NA}" "${sums:-none}" | tee -a "$out"
      done
    done
  done
done
echo "machine=$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -n 1), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$props"
