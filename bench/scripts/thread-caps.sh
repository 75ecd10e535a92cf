#!/usr/bin/env bash
# The effect of launch's per-rank thread caps (--threads-per-rank): R ranks of a workload that
# sizes its ForkJoin pool and GC threads to the processors it sees, on this machine, with caps
# off and auto, interleaved, REPS times each. Prints wall and CPU seconds per run and the medians.
#   bench/scripts/thread-caps.sh [RANKS=8] [REPS=3]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ranks=${1:-8}
reps=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
launch=$root/pilot-scripts/bin/launch
mkdir -p "$work/classes"
javac -d "$work/classes" "$root/bench/workloads/threadcaps/ThreadHungry.java"
jar --create --file "$work/hungry.jar" -C "$work/classes" .
cd "$work"
"$launch" --quiet --pilot --cache hungry.fanload -n 1 -- java -cp hungry.jar ThreadHungry 1 > /dev/null
TIMEFORMAT='%R %U %S'
declare -A wall cpu
for ((rep = 1; rep <= reps; rep++)); do
  for caps in off auto; do
    t=$( { time "$launch" --quiet --read-cache --cache hungry.fanload -n "$ranks" --local-dir "$work" \
          --threads-per-rank "$caps" -- java -cp hungry.jar ThreadHungry > /dev/null; } 2>&1 | tail -n 1)
    read -r real user sys <<< "$t"
    wall[$caps]+="$real "
    cpu[$caps]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') "
    echo "rep $rep caps=$caps wall=${real}s cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')s"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for caps in off auto; do
  echo "median caps=$caps: wall $(echo "${wall[$caps]}" | median) s, cpu $(echo "${cpu[$caps]}" | median) s"
done
echo "cores=$(nproc) ranks=$ranks reps=$reps java=$(java -version 2>&1 | head -n 1)"
