#!/usr/bin/env bash
# Contention benchmark (issue 6) on the test bed: R ranks of a generated application, plain java
# from the shared file system (GlusterFS with injected metadata latency) against launch
# --read-cache, three repetitions interleaved. Per run: wall time of the step, the brick's
# operation counts (Gluster's profile), every rank's timings and the PSS of the node-local image.
# Needs root, a built fanload (mvn -o install -DskipTests) and bench/target/benchmarks.jar.
#
#   bench/scripts/contention.sh [--preset pynamic|large|h2|rhino|log4j2] [--ranks "1 2 4 8 16 32"] [--delays "300 2000"]
#                               [--reps 3] [--out bench/results/contention-pynamic.tsv]
#
# pynamic and large are generated (io.fanload.bench.generator); h2 (H2's Shell running a query) and
# rhino (Rhino evaluating a script) are real applications, one jar each, from the local Maven
# repository (compat-tests' versions); log4j2 (Apache Camel 4.22.0 through camel-main, logging to
# log4j2 2.25.4 configured from a log4j2.properties after its log4j2-test*/log4j2<context>.* probes)
# is a real application of 61 jars: 60 resolved from Maven Central by shared/tools/fetch-app (network
# or ~/.m2) and its driver, bench/workloads/camel-log4j2/, compiled here. A run counts when every rank
# printed the expected line.
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
if [ ! -f "$jar" ] || [ ! -d "$root/launch/target/lib" ]; then
  echo "contention.sh: build first: mvn -B -o install -DskipTests" >&2; exit 2
fi
tb=$root/pilot-scripts/testbed/testbed.sh
raw=$root/bench/results/tmp/$preset
rm -rf "$raw"; mkdir -p "$raw" "$(dirname "$out")"
export FANLOAD_TESTBED_OWNER=$$
trap '"$tb" down >/dev/null 2>&1 || true' EXIT
trap 'exit 1' INT TERM

m2=${MAVEN_REPO:-$HOME/.m2/repository}
gen=$(mktemp -d /tmp/fanload-gen.XXXXXX)
mkdir -p "$gen/app/jars" "$gen/app/lib"
case $preset in
  h2)
    cp "$m2/com/h2database/h2/2.3.232/h2-2.3.232.jar" "$gen/app/jars/"
    export APP_MAIN=org.h2.tools.Shell APP_EXPECT='2  | b    | 14'
    printf '%s\n' -url jdbc:h2:mem:bench -user sa -sql \
      "CREATE TABLE T(ID INT, NAME VARCHAR(10)); INSERT INTO T VALUES(1,'a'),(2,'b'); SELECT ID, NAME, ID*7 AS X FROM T ORDER BY ID" \
      > "$raw/args" ;;
  rhino)
    cp "$m2/org/mozilla/rhino/1.7.15/rhino-1.7.15.jar" "$gen/app/jars/"
    export APP_MAIN=org.mozilla.javascript.tools.shell.Main APP_EXPECT='rhino 42 1,2,3 9'
    printf '%s\n' -e "print('rhino ' + (6 * 7) + ' ' + [3, 1, 2].sort().join(',') + ' ' + java.lang.Math.max(4, 9))" > "$raw/args" ;;
  log4j2)
    # Camel's runtime class path in Maven's order (fetch-app writes it to .classpath), the driver first.
    "${FETCH_APP:-$root/../shared/tools/fetch-app}" "$gen" camel org.apache.camel:camel-main:4.22.0 \
      org.apache.camel:camel-core:4.22.0 org.apache.logging.log4j:log4j-slf4j2-impl:2.25.4 \
      org.apache.logging.log4j:log4j-core:2.25.4 >&2
    mkdir -p "$gen/driver"
    javac --release 17 -d "$gen/driver" -cp "$(sed "s|^|$gen/camel/|" "$gen/camel/.classpath" | paste -sd:)" \
      "$root/bench/workloads/camel-log4j2/CamelLog4j2.java"
    cp "$root/bench/workloads/camel-log4j2/log4j2.properties" "$gen/driver/"
    jar cf "$gen/app/jars/camel-log4j2-driver.jar" -C "$gen/driver" .
    cp "$gen"/camel/*.jar "$gen/app/jars/"
    { echo camel-log4j2-driver.jar; cat "$gen/camel/.classpath"; } > "$gen/app/jars/.classpath"
    export APP_MAIN=CamelLog4j2 APP_EXPECT='camel-log4j2 done 1' ;;
  *)
    # Generated on local disk (its sources would be thousands of small writes on the slow volume),
    # then copied to the shared file system.
    java -cp "$jar" io.fanload.bench.generator.Generator "$preset" "$gen/app" | tee "$raw/generated.txt" ;;
esac
args=()
if [ -f "$raw/args" ]; then
  export APP_ARGS_FILE=$raw/args
  mapfile -t args < "$raw/args"
fi

first_delay=${delays%% *}
"$tb" up --nodes 4 --delay-us "$first_delay" >&2
# shellcheck disable=SC1090
source <("$tb" env)
app=$FANLOAD_TESTBED_SHARED/app-$preset
work=$FANLOAD_TESTBED_SHARED/work
mkdir -p "$app" "$work"
cp -r "$gen/app/jars" "$gen/app/lib" "$app/"
rm -rf "$gen"
if [ -f "$app/jars/.classpath" ]; then
  app_cp=$(sed "s|^|$app/jars/|" "$app/jars/.classpath" | paste -sd:)
elif [ -f "$app/jars/driver.jar" ]; then
  app_cp=$app/jars/driver.jar
  for j in "$app"/jars/gen-*.jar; do app_cp+=":$j"; done
else
  app_cp=$(printf '%s\n' "$app"/jars/*.jar | paste -sd:)
fi
export FANLOAD_HOME=$root APP_CP=$app_cp APP_LIB=$app/lib FANLOAD_CACHE=$work/$preset.fanload
{
  echo "preset=$preset"
  echo "date=$(date -u +%FT%TZ)"
  du -sb "$app" | awk '{ print "app_bytes=" $1 }'
} > "$props"

# The pilot: 2 ranks on the host through the local launcher; the app's paths are the same mount.
(cd "$work" && "$root/pilot-scripts/bin/launch" --quiet --pilot --launcher local --cache "$FANLOAD_CACHE" -n 2 \
  --report "$raw/pilot.json" -- java -Djava.library.path="$APP_LIB" -cp "$APP_CP" \
  "${APP_MAIN:-io.fanload.bench.generator.app.GenDriver}" "${args[@]}") \
  > "$raw/pilot.out" 2>&1
echo "archive_bytes=$(stat -c %s "$FANLOAD_CACHE")" >> "$props"

meta_ops="LOOKUP STAT OPEN GETXATTR ACCESS READDIRP"
echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$props"
printf 'delay_us\trep\tranks\tnodes\tmode\twall_ms\tstatus\tmeta_ops\tall_ops\tlaunch_to_main_ms\tload_ms\tvisit_ms\tcompute_ms\timage_pss_kb\timage_rss_kb\tpss_kb\tdistribution_s\tmisses\tchecksums\tcpu_ms\n' > "$out"
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
        if [ -n "${APP_EXPECT:-}" ]; then
          # A real application: how many ranks printed the expected line (all of them: one group of R).
          sums=$(grep -cF -- "$APP_EXPECT" "$raw/$tag.out" || true)
        else
          sums=$(grep -o 'checksum=[0-9a-f]*' "$raw/$tag.out" | sort | uniq -c | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $1 }')
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$delay" "$rep" "$r" "$nodes" "$mode" \
          "${wall:-NA}" "${status:-NA}" "$meta" "$all" "$(field launch_to_main_ms "$raw/$tag.out")" "$(field load_ms "$raw/$tag.out")" \
          "$(field visit_ms "$raw/$tag.out")" "$(field compute_ms "$raw/$tag.out")" "$(field image_pss_kb "$raw/$tag.out")" \
          "$(field image_rss_kb "$raw/$tag.out")" "$(field pss_kb "$raw/$tag.out")" "${dist:-NA}" "${misses:-NA}" "${sums:-none}" "$(field cpu_ms "$raw/$tag.out")" | tee -a "$out"
      done
    done
  done
done
echo "machine=$(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $(java -version 2>&1 | head -n 1), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$props"
