#!/usr/bin/env bash
# Many ranks on one node (issue 19, item 5): RANKS copies of the rank bootstrap (launch's
# rank-bootstrap.sh, from this checkout) start at once on this machine as one node, race for the
# node's agent, wait for READY, then start their JVM. The agent is a stand-in that records each
# start (the election must start exactly one) and makes the node READY after WAIT seconds, as the
# real agent does once its copy is verified; the ranks' program is a tiny main class (Tiny.java).
# Measured, per repetition:
#   agents        agents started (must be 1)
#   waitCpuMs     CPU of all waiting bootstraps per second of waiting: a run whose ranks run `true`
#                 after WAIT s, minus one after 0 s, over WAIT (every rank naps 50 ms at a time)
#   lastExecMs    from READY to the last rank's bootstrap handing over to its program (exec)
#   medianMainMs, lastMainMs   from READY to the ranks' main (JVMs starting together on the node's cores)
#   served        ranks whose main ran
#   bench/scripts/many-ranks.sh [--ranks 128] [--wait 3] [--reps 3] [--out bench/results/many-ranks.tsv]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ranks=128 wait=3 reps=3 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --ranks) ranks=$2; shift 2 ;;
    --wait) wait=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "many-ranks.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
bootstrap=$(cat "$root/launch/src/main/resources/io/fanload/launch/rank-bootstrap.sh")
work=$(mktemp -d /dev/shm/fanload-many-ranks.XXXXXX)
trap 'rm -rf "$work"' EXIT
javac -d "$work/classes" "$root/bench/workloads/manyranks/Tiny.java"

# One node, RANKS ranks; $1: seconds until READY, $2: the ranks' program (shell words after sh -c).
# Prints the ranks' CPU in seconds.
node() {
  local delay=$1 program=$2 n=$work/run
  rm -rf "$n" && mkdir -p "$n"
  local agent="echo \$\$ >> $n/agents; sleep $delay; echo \$((\$(date +%s%N) / 1000)) > $n/ready_at;"
  agent+=" mkdir -p \"\$FANLOAD_NODE_DIR\" && touch \"\$FANLOAD_NODE_DIR/READY\"; sleep 600"
  # /usr/bin/time: every rank's CPU (children's user + sys) once all have exited. The inner
  # script's variables expand in its own shell (from the environment), hence single quotes.
  # shellcheck disable=SC2016
  FANLOAD_NODE_DIR=$n/node FANLOAD_WAIT_SECONDS=60 FANLOAD_SERVE_LD_LIBRARY_PATH=/nonexistent \
  FANLOAD_AGENT="sh"$'\x1f'"-c"$'\x1f'"$agent" BOOTSTRAP=$bootstrap PROGRAM=$program RANKS=$ranks \
    /usr/bin/time -f "%U %S" -o "$n/cpu" bash -c '
      for ((r = 0; r < RANKS; r++)); do
        FANLOAD_RANK=$r bash -c "$BOOTSTRAP" fanload-rank sh -c "$PROGRAM" -cp x --fanload-plain-- true &
      done
      wait'
  awk '{ printf "%.3f", $1 + $2 }' "$n/cpu"
  local pid
  pid=$(cat "$n/node.agent/pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then kill -- "-$pid" 2>/dev/null || true; fi
}
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

header="date	load1	ranks	waitS	agents	waitCpuMs	lastExecMs	medianMainMs	lastMainMs	served"
if [ -n "$out" ] && [ ! -e "$out" ]; then echo "$header" > "$out"; fi
echo "$header"
for ((rep = 1; rep <= reps; rep++)); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  base=$(node 0 true)
  waited=$(node "$wait" true)
  agents=$(wc -l < "$work/run/agents")
  wait_cpu=$(awk -v a="$waited" -v b="$base" -v w="$wait" 'BEGIN { printf "%.1f", (a - b) / w * 1000 }')
  program="echo \$((\$(date +%s%N) / 1000)) >> $work/run/exec_at; exec java -Xshare:auto -cp $work/classes Tiny $work/run/main_at"
  node "$wait" "$program" > /dev/null
  agents=$(( agents + $(wc -l < "$work/run/agents") - 1 ))
  ready=$(cat "$work/run/ready_at")
  last_exec=$(sort -n "$work/run/exec_at" | tail -n 1)
  served=$(wc -l < "$work/run/main_at")
  median_main=$(sort -n "$work/run/main_at" | awk -v r="$ready" '{ print ($1 - r) / 1000 }' | tr '\n' ' ' | median)
  last_main=$(sort -n "$work/run/main_at" | tail -n 1)
  row=$(printf '%s\t%s\t%d\t%s\t%d\t%s\t%.1f\t%.1f\t%.1f\t%d' "$(date '+%Y-%m-%d %H:%M')" "$load" "$ranks" "$wait" \
    "$agents" "$wait_cpu" "$(( last_exec - ready ))e-3" "$median_main" "$(( last_main - ready ))e-3" "$served")
  echo "$row"
  if [ -n "$out" ]; then echo "$row" >> "$out"; fi
done
echo "cores=$(nproc) java=$(java -version 2>&1 | head -n 1)"
