#!/usr/bin/env bash
# Fault suite of launch --read-cache on the real test bed (issue 7, items 1-3), part of the project's
# test command. 4 Slurm nodes (network namespaces, own /dev/shm) and GlusterFS (pilot-scripts/testbed);
# 8 ranks, 2 per node; a 64 MiB archive of incompressible resources (faults-app) with every link
# throttled to 100 Mbit/s, so that the chain's transfer lasts seconds and a fault lands mid-transfer.
#  1. tree faults: kill -9 an interior, the root and a leaf agent, and the coordinator (launch);
#     link-down a node; throttle one node to 10 Mbit/s and measure how much the others slow down;
#  2. node-local trouble: /dev/shm full, node-local folder not writable, a stale folder of the same
#     name, two jobs on the same nodes at once;
#  3. archive trouble: a corrupt byte, a truncated archive, a pilot of another JDK feature release, a
#     stale archive (a jar changed after the pilot), no archive.
# Each case is bounded (timeout); the other nodes must be READY with their ranks' output right, the
# affected ranks load the normal way with the right output, the report says what happened, and no
# folder or process is left on any node. FAULTS_ONLY=REGEX runs only the cases whose name matches.
# Prints "ok - ..." / "FAIL - ..." per check and a closing "N passed, N failed"; exit 0 only if all passed.
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$root/pilot-scripts/e2e/lib.sh"
suite_start=$SECONDS
testbed_up faults-e2e
# Keep every job's output and report for a post-mortem: testbed.sh down keeps log/.
keep_outputs() {
  mkdir -p "$FANLOAD_TESTBED_DIR/log/faults"
  cp "$work"/*.out "$work"/*.err "$work"/*.json "$work"/*.sbatch "$FANLOAD_TESTBED_DIR/log/faults/" 2>/dev/null
  finish
}
trap keep_outputs EXIT
jdk25=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
nodes="n1 n2 n3 n4"
app=$FANLOAD_TESTBED_SHARED/app
work=$FANLOAD_TESTBED_SHARED/work
mkdir -p "$app" "$work"
blobs=16
"$root/pilot-scripts/e2e/faults-app/build.sh" "$app" "$blobs"
big_sha=$(cat "$app/big.sha256")
app_opts="-Djava.library.path=$app/lib"
big_cp="$app/big.jar:$app/e2e.jar:$app/plugin.jar"
small_cp="$app/e2e.jar:$app/plugin.jar"
agent_port=7101
# Bounds for every run: a node gives up after 60 s, a silent parent is left after 5 s.
base_opts="--agent-port $agent_port --give-up 60 --stall-timeout 5"
export FANLOAD_HOME=$root APP_JAVA_OPTS=$app_opts FANLOAD_OPTS=$base_opts

# The lines N ranks print: with the big application, the blobs' SHA-256 first.
expect_big=1
expected_lines() {
  local n=$1 k
  for ((k = 0; k < n; k++)); do
    [ "$expect_big" = 1 ] && echo "rank $k: big $big_sha"
    echo "rank $k: first-plugin message from the e2e jar native=42 absent=true"
  done | sort
}
use_big() { expect_big=1; export APP_CP=$big_cp APP_MAIN=faults.BigMain FANLOAD_CACHE=$work/big.fanload; }
use_small() { expect_big=0; export APP_CP=$small_cp APP_MAIN=e2e.Main FANLOAD_CACHE=$work/e2e.fanload; }
wanted() { [ -z "${FAULTS_ONLY:-}" ] || [[ $1 =~ $FAULTS_ONLY ]]; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# A number below a bound; false without a number (a missing report must not pass as 0).
below() { [ -n "$1" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

# Processes of fanload or of the application in the node's network namespace (agents, launch,
# rank bootstraps, rank JVMs), as "PID COMMAND".
node_procs() {
  local pid cmd
  for pid in $(ip netns pids "fltb-$1" 2>/dev/null); do
    cmd=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline") || continue
    case $cmd in
      *io.fanload.*|*fanload-rank*|*faults.BigMain*|*e2e.Main*) echo "$pid $cmd" ;;
    esac
  done
}
pid_of() { node_procs "$1" | grep -F -e "$2" | head -n 1 | cut -d' ' -f1; }
# Nothing of the job runs on any node any more (waits up to 10 s for processes that are exiting).
nothing_left() {
  local n left deadline=$((SECONDS + 10))
  while :; do
    left=""
    for n in $nodes; do left+=$(node_procs "$n" | sed "s/^/$n: /"); done
    [ -z "$left" ] && return 0
    [ $SECONDS -ge $deadline ] && break
    sleep 0.5
  done
  printf '%s\n' "$left" | head -n 6 | cut -c1-160 | sed 's/^/#   left running: /'
  return 1
}
no_folders() {
  empty_shm && return 0
  for n in $nodes; do
    # What is left, a few levels deep (what wrote it last), then gone: the next case checks its own.
    # shellcheck disable=SC2016  # expanded on the node
    "$tb" exec "$n" -- sh -c 'for f in /dev/shm/*; do echo "$f"; find "$f" -mindepth 1 -maxdepth 2 | head -n 12 | sed "s/^/  /"; done' \
      2>/dev/null | sed "s/^/#   left on $n: /"
    "$tb" exec "$n" -- sh -c 'rm -rf /dev/shm/fanload-*' 2>/dev/null
  done
  return 1
}

# Bytes of the archive on a node so far.
shm_bytes() { "$tb" exec "$1" -- sh -c 'stat -c %s /dev/shm/fanload-*/archive.fanload 2>/dev/null | head -n 1'; }
# Waits until some node holds at least MIB MiB of the archive: the transfer is under way.
wait_transfer() {
  local min=$(( $1 << 20 )) deadline=$((SECONDS + 60)) n b
  while [ $SECONDS -lt $deadline ]; do
    for n in $nodes; do
      b=$(shm_bytes "$n")
      [ -n "$b" ] && [ "$b" -ge "$min" ] && return 0
    done
    sleep 0.2
  done
  return 1
}
# The node whose agent port NODE's agent is connected to (its parent in the tree), or nothing.
parent_of() {
  "$tb" exec "$1" -- ss -Htn state established "( dport = :$agent_port )" 2>/dev/null \
    | awk '{ print $4 }' | head -n 1 | sed -n 's/^\[*\(::ffff:\)*10\.77\.0\.\([0-9]*\)\]*:[0-9]*$/n\2/p'
}
# Sets tree_root, interior (space-separated, root side first) and leaf from the agents' connections,
# once every node is in one chain: under load an agent can join seconds after the root has begun
# (a CI run saw n3 -> n4 with n1 and n2 not yet connected, and killed nobody). Gives up after 20 s.
tree_roles() {
  local deadline=$((SECONDS + 20))
  while :; do
    chain_roles && return 0
    [ $SECONDS -ge $deadline ] && break
    sleep 0.3
  done
  echo "#   tree: no chain over all of $nodes within 20 s (root ${tree_root:-none}, leaf ${leaf:-none})"
  return 1
}
# One look at the connections; true when they form a single chain over every node.
chain_roles() {
  local n p child roots=0 length=1
  declare -A parent=()
  for n in $nodes; do parent[$n]=$(parent_of "$n"); done
  tree_root="" interior="" leaf=""
  for n in $nodes; do [ -z "${parent[$n]}" ] && tree_root=$n && roots=$((roots + 1)); done
  [ $roots -eq 1 ] || return 1
  n=$tree_root
  while :; do
    child=""
    for p in $nodes; do [ "${parent[$p]}" = "$n" ] && child=$p; done
    [ -z "$child" ] && break
    n=$child
    interior+=" $n"
    length=$((length + 1))
  done
  leaf=$n
  interior=${interior% "$leaf"}
  interior=${interior# }
  [ "$length" -eq "$(wc -w <<<"$nodes")" ] || return 1
  echo "#   tree: root $tree_root, interior ${interior:-none}, leaf $leaf"
}

# Starts sbatch SCRIPT ARGS in the background on 4 nodes x 2 ranks as job NAME (report NAME.json).
start_job() {
  local name=$1 script=$2
  shift 2
  job_start=$(now)
  job_log=$work/$name.sbatch
  FANLOAD_REPORT=$work/$name.json sbatch_wait "$work" 240 --nodes=4 --ntasks-per-node=2 \
    -o "$work/$name.out" -e "$work/$name.err" "$script" "$@" >"$job_log" 2>&1 &
  job_pid=$!
}
end_job() {
  wait "$job_pid"
  job_status=$?
  job_secs=$(since "$job_start")
  # What sbatch_wait found out about a failed job (in the background, it wrote to the log).
  [ "$job_status" -eq 0 ] || grep '^#' "$job_log"
  # sbatch timed out: the job must not run on into the next case.
  [ "$job_status" -eq 124 ] && squeue -h -o %i | xargs -r scancel
}
read_cache() { start_job "$1" "$root/pilot-scripts/slurm/read-cache.sbatch" "$blobs"; }

# node_status FILE NODE: "STATUS detail" from the report (MISSING without an entry for NODE,
# nothing without a report).
node_status() {
  local status
  status=$(json_field "$1" nodeStatus "$2" status)
  case $? in
    0) ;;
    1) status=MISSING ;;
    *) return 0 ;;
  esac
  echo "$status $(json_field "$1" nodeStatus "$2" detail)"
}
# The other nodes (all but the ones named) are READY in the report.
others_ready() {
  local file=$1 n s bad=0
  shift
  for n in $nodes; do
    [[ " $* " == *" $n "* ]] && continue
    s=$(node_status "$file" "$n")
    [ "${s%% *}" = READY ] || { echo "#   $n: $s"; bad=1; }
  done
  return $bad
}
# NODE is not READY in the report, and its status and detail match REGEX.
node_is() {
  local s
  s=$(node_status "$1" "$2")
  echo "#   report: $2 $s"
  [ "${s%% *}" != READY ] && grep -Eq -- "$3" <<< "$s"
}
all_are() {
  local n
  for n in $nodes; do node_is "$1" "$n" "$2" || return 1; done
}
# max_ready_others FILE NODE...: the latest readySeconds of the nodes not named (nothing without any).
max_ready_others() {
  local file=$1 n
  shift
  for n in $(json_field "$file" readySeconds); do
    [[ " $* " == *" $n "* ]] || echo "$(json_field "$file" readySeconds "$n") $n"
  done | sort -g | tail -n 1 | cut -d' ' -f1
}
# The usual checks after a case: bounded time, every rank's output right, nothing left.
after_case() {
  local name=$1 bound=$2 want_status=${3:-0}
  echo "#   $name: job status $job_status in $job_secs s"
  check "$name: the job ends with status $want_status within $bound s ($job_secs s)" \
    bash -c "[ $job_status -eq $want_status ] && awk 'BEGIN { exit !($job_secs < $bound) }'"
  check "$name: all 8 ranks' output is right" same_output 8 "$work/$name.out"
  check "$name: no node-local folder is left on any node" no_folders
  check "$name: nothing is left running on any node" nothing_left
}
throttle_all() { local n; for n in $nodes; do "$tb" throttle "$n" "$1" >/dev/null; done; }
unthrottle_all() { local n; for n in $nodes; do "$tb" unthrottle "$n" >/dev/null; done; }

# --- the pilots --------------------------------------------------------------------------------
use_big
sbatch_wait "$work" 120 --nodes=1 --ntasks=2 -o "$work/pilot-big.out" -e "$work/pilot-big.err" \
  "$root/pilot-scripts/slurm/pilot.sbatch" "$blobs"
check "pilot (64 MiB of resources): exits 0 and the archive is written" test $? -eq 0 -a -s "$FANLOAD_CACHE"
use_small
sbatch_wait "$work" 120 --nodes=1 --ntasks=2 -o "$work/pilot-small.out" -e "$work/pilot-small.err" \
  "$root/pilot-scripts/slurm/pilot.sbatch"
check "pilot (e2e application): exits 0 and the archive is written" test $? -eq 0 -a -s "$FANLOAD_CACHE"

# --- 1. tree faults, every link at 100 Mbit/s ---------------------------------------------------
use_big
throttle_all 100mbit
base_ready=""
if wanted baseline || wanted throttle; then
  read_cache baseline
  end_job
  after_case baseline 60
  check "baseline: report says 4 nodes ready" nodes_ready "$work/baseline.json" 4
  base_ready=$(max_ready_others "$work/baseline.json")
  echo "#   baseline: distribution $(json_field "$work/baseline.json" distributionSeconds) s, last node ready at $base_ready s"
fi

# kill_agent NAME ROLE: kill -9 the agent of the tree's ROLE (root, interior or leaf) mid-transfer.
# The root is placed at its join and reads during the gather: from its Gluster client's page cache
# (the node the pilot ran on) it had all 64 MiB before the chain formed, and died complete. With the
# page cache dropped it reads over its 100 Mbit/s link (about 5 s), and dies mid-read.
kill_agent() {
  local name=$1 role=$2 victim pid
  if [ "$role" = root ]; then sync; echo 1 > /proc/sys/vm/drop_caches; fi
  read_cache "$name"
  if wait_transfer 8 && tree_roles; then
    case $role in root) victim=$tree_root ;; leaf) victim=$leaf ;; *) victim=${interior%% *} ;; esac
    pid=$(pid_of "$victim" io.fanload.server.agent.AgentMain)
    echo "#   $name: kill -9 the agent on $victim (pid ${pid:-none}) at $(shm_bytes "$victim") bytes"
    [ -n "$pid" ] && kill -9 "$pid"
  else
    victim=none
    echo "#   $name: the transfer did not start or the tree was not found"
  fi
  end_job
  after_case "$name" 90
  check "$name: report: the other 3 nodes are READY" others_ready "$work/$name.json" "$victim"
  check "$name: report: $victim is LOST or FALLBACK" node_is "$work/$name.json" "$victim" 'LOST|FALLBACK'
  check "$name: $victim's ranks say why they load the normal way (once for the node)" \
    bash -c "[ \$(grep -c 'loads the normal way' '$work/$name.err') -ge 1 ]"
}
wanted kill-interior && kill_agent kill-interior interior
wanted kill-root && kill_agent kill-root root
wanted kill-leaf && kill_agent kill-leaf leaf

# kill -9 the coordinator (launch, inside the batch script on n1) mid-transfer: the batch script
# outlives it and waits (bounded) for the step, so that the agents and ranks finish by themselves.
cat > "$work/coordinator.sbatch" <<'JOB'
#!/bin/bash
"$FANLOAD_HOME/pilot-scripts/bin/launch" --read-cache --launcher srun --cache "$FANLOAD_CACHE" \
  -n "$SLURM_NTASKS" --nodes "$SLURM_JOB_NUM_NODES" --report "$FANLOAD_REPORT" $FANLOAD_OPTS \
  -- java $APP_JAVA_OPTS -cp "$APP_CP" "$APP_MAIN" "$@" &
wait $!
status=$?
echo "launch ended with status $status" >&2
for ((i = 0; i < 600; i++)); do
  squeue -h -s -j "$SLURM_JOB_ID" -o %i | grep -Eq "^$SLURM_JOB_ID\.[0-9]+$" || break
  sleep 0.2
done
exit 0
JOB
if wanted kill-coordinator; then
  start_job kill-coordinator "$work/coordinator.sbatch" "$blobs"
  if wait_transfer 8; then
    pid=""
    for n in $nodes; do pid=${pid:-$(pid_of "$n" io.fanload.launch.LaunchCommand)}; done
    echo "#   kill-coordinator: kill -9 launch (pid $pid)"
    kill -9 "$pid"
  fi
  end_job
  after_case kill-coordinator 120
  check "kill-coordinator: launch was killed (the batch script saw it)" grep -q 'launch ended with status 137' "$work/kill-coordinator.err"
fi

# link-down a node (not n1, where launch runs) mid-transfer for 12 s, then link-up.
if wanted link-down; then
  read_cache link-down
  victim=none
  if wait_transfer 8 && tree_roles; then
    for n in $interior $leaf; do [ "$n" != n1 ] && victim=$n && break; done
    echo "#   link-down: $victim down for 12 s"
    "$tb" link-down "$victim" >/dev/null
    sleep 12
    "$tb" link-up "$victim" >/dev/null
  fi
  end_job
  after_case link-down 120
  check "link-down: report: the other 3 nodes are READY" others_ready "$work/link-down.json" "$victim"
  echo "#   report: $victim $(node_status "$work/link-down.json" "$victim")"
fi

# throttle the root's child to 10 Mbit/s mid-transfer; how much later are the other nodes ready?
if wanted throttle && [ -n "$base_ready" ]; then
  # Give-up 90 s: time for the slow node to get 64 MiB at 10 Mbit/s (55 s), and a bound for its
  # ranks if it cannot; the default stall timeout (15 s): behind the 10 Mbit/s tbf a TCP stream
  # paused more than 5 s.
  FANLOAD_OPTS="--agent-port $agent_port --give-up 90" read_cache throttle
  victim=none
  if wait_transfer 8 && tree_roles; then
    victim=${interior%% *}
    echo "#   throttle: $victim to 10mbit at $(shm_bytes "$victim") bytes"
    "$tb" throttle "$victim" 10mbit >/dev/null
    # Back to 100 Mbit/s after at most 75 s (its ranks, if they load the normal way, read 64 MiB
    # each), or sooner: once a node still waiting could no longer pass the ratio check below (3.5 x
    # the baseline, counted from the root's first read, which comes less than 10 s after the job's
    # start), faster links cannot make it pass; waiting out the 10 Mbit/s took the case 82 s.
    unthrottle_at=$(awk -v b="$base_ready" 'BEGIN { printf "%.1f", b * 3.5 + 10 }')
    for ((i = 0; i < 150; i++)); do
      if ! kill -0 "$job_pid" 2>/dev/null || ! below "$(since "$job_start")" "$unthrottle_at"; then break; fi
      sleep 0.5
    done
    "$tb" throttle "$victim" 100mbit >/dev/null 2>&1
  fi
  end_job
  after_case throttle 150
  # Issue 7: every other node completes; the slow node's ranks are served or load the normal way
  # (their output is checked above either way).
  check "throttle: report: the other 3 nodes are READY" others_ready "$work/throttle.json" "$victim"
  echo "#   report: $victim $(node_status "$work/throttle.json" "$victim")"
  slow=$(max_ready_others "$work/throttle.json" "$victim")
  ratio=${slow:+$(awk -v a="$slow" -v b="$base_ready" 'BEGIN { printf "%.2f", a / b }')}
  echo "#   throttle: the other nodes' last ready at $slow s vs $base_ready s unthrottled: ratio $ratio"
  # Without slow-parent moves the ratio was 7.8-9.1; with them 1.20-2.22 in seven runs (median
  # 1.40, 2026-11-21). The coordinator judges a parent slow once its child has nearly all the parent has,
  # and behind a throttled parent the child lags by what sits in the parent's socket buffer, both
  # links crawling alike: the move came 3-7 s after the throttle. 3.5 still fails without moves.
  check "throttle: a 10 Mbit/s node slows the others by at most 3.5x (ratio ${ratio:-none})" below "$ratio" 3.5
fi
unthrottle_all

# --- 2. node-local trouble ----------------------------------------------------------------------
if wanted shm-full; then
  "$tb" shm-size n3 1m >/dev/null
  read_cache shm-full
  end_job
  "$tb" shm-size n3 1g >/dev/null
  after_case shm-full 60
  check "shm-full: report: the other 3 nodes are READY" others_ready "$work/shm-full.json" n3
  check "shm-full: report: n3 fell back, no room in its folder" node_is "$work/shm-full.json" n3 'FALLBACK.*no room in /dev/shm'
  check "shm-full: n3's ranks name the folder and the space (once for the node)" \
    bash -c "[ \$(grep -c 'loads the normal way: .*no room in /dev/shm/fanload-.*MiB free' '$work/shm-full.err') -ge 1 ]"
fi

if wanted not-writable; then
  "$tb" exec n2 -- mount -o remount,ro /dev/shm
  read_cache not-writable
  end_job
  "$tb" exec n2 -- mount -o remount,rw /dev/shm
  after_case not-writable 60
  check "not-writable: report: the other 3 nodes are READY" others_ready "$work/not-writable.json" n2
  check "not-writable: report: n2 never joined" [ "$(json_field "$work/not-writable.json" nodesNeverJoined)" = 1 ]
  check "not-writable: n2's ranks say the folder cannot be made" \
    bash -c "[ \$(grep -c 'loads the normal way: .*/dev/shm/fanload-.*Read-only file system' '$work/not-writable.err') -eq 2 ]"
fi

# A folder of the same name (same job id and launch pid) left by an earlier attempt on n2, with a
# READY marker and garbage: it must be emptied and filled, never served.
cat > "$work/stale.sbatch" <<'JOB'
#!/bin/bash
# launch execs in this process: its pid, and so the node-local folder's name, is this shell's.
dir=/dev/shm/fanload-$SLURM_JOB_ID-$$
srun -N1 -n1 -w n2 bash -c "mkdir -p $dir $dir.agent && head -c 4096 /dev/urandom | tee $dir/archive.fanload > $dir/image.fanload && touch $dir/READY"
exec "$FANLOAD_HOME/pilot-scripts/bin/launch" --read-cache --launcher srun --cache "$FANLOAD_CACHE" \
  -n "$SLURM_NTASKS" --nodes "$SLURM_JOB_NUM_NODES" --report "$FANLOAD_REPORT" $FANLOAD_OPTS \
  -- java $APP_JAVA_OPTS -cp "$APP_CP" "$APP_MAIN" "$@"
JOB
if wanted stale-folder; then
  start_job stale-folder "$work/stale.sbatch" "$blobs"
  end_job
  after_case stale-folder 60
  check "stale-folder: report says 4 nodes ready" nodes_ready "$work/stale-folder.json" 4
  check "stale-folder: no rank served the stale bytes (no misses, no fallback)" \
    [ "$(json_field "$work/stale-folder.json" misses)/$(json_field "$work/stale-folder.json" fallbackRanks)" = 0/0 ]
  # What launch and the ranks said, for a post-mortem in CI's log (the test bed keeps only the last run's files).
  echo "#   stale-folder: misses/fallbackRanks $(json_field "$work/stale-folder.json" misses)/$(json_field "$work/stale-folder.json" fallbackRanks)"
  grep -h 'fanload' "$work/stale-folder.err" | grep -v -e 'read-cache: ' | head -n 8 | cut -c1-200 | sed 's/^/#   /'
  check "stale-folder: one line says the stale folder was removed" grep -q 'removed a stale node-local folder' "$work/stale-folder.err"
fi

# Two jobs on the same 4 nodes at once (1 rank per node each: both fit next to each other).
if wanted two-jobs; then
  for j in 1 2; do
    # Any free agent port: two agents on one node cannot share --agent-port.
    FANLOAD_OPTS="--give-up 60 --stall-timeout 5" FANLOAD_REPORT=$work/two-$j.json sbatch_wait "$work" 120 \
      --nodes=4 --ntasks-per-node=1 -o "$work/two-$j.out" -e "$work/two-$j.err" \
      "$root/pilot-scripts/slurm/read-cache.sbatch" "$blobs" >"$work/two-$j.sbatch" 2>&1 &
    two_pids[j]=$!
  done
  start=$(now) most=0 deadline=$((SECONDS + 60))
  while kill -0 "${two_pids[1]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
    # Folders only: the JVM cache's link (/dev/shm/fanload-jvm-TOKEN) is no node-local folder.
    k=$("$tb" exec n2 -- sh -c "find /dev/shm -maxdepth 1 -type d -name 'fanload-*[0-9]' | wc -l")
    [ "${k:-0}" -gt "$most" ] && most=$k
    sleep 0.3
  done
  wait "${two_pids[1]}"; s1=$?
  wait "${two_pids[2]}"; s2=$?
  secs=$(since "$start")
  echo "#   two-jobs: statuses $s1 $s2 in $secs s; at most $most node-local folders on n2 at once"
  grep -h '^#' "$work/two-1.sbatch" "$work/two-2.sbatch"
  check "two-jobs: both jobs exit 0 within 120 s ($secs s)" test "$s1" -eq 0 -a "$s2" -eq 0
  check "two-jobs: two distinct node-local folders on one node at once" [ "$most" -eq 2 ]
  for j in 1 2; do
    check "two-jobs: job $j: all 4 ranks' output is right" same_output 4 "$work/two-$j.out"
    check "two-jobs: job $j: report says 4 nodes ready" nodes_ready "$work/two-$j.json" 4
  done
  check "two-jobs: no node-local folder is left on any node" no_folders
  check "two-jobs: nothing is left running on any node" nothing_left
fi

# --- 3. archive trouble on the shared file system (the e2e application) ----------------------------
use_small
if wanted corrupt; then
  cp "$work/e2e.fanload" "$work/corrupt.fanload"
  size=$(stat -c %s "$work/corrupt.fanload")
  python3 -c 'import sys
f = open(sys.argv[1], "r+b"); f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 0xff]))' \
    "$work/corrupt.fanload" $((size / 2))
  FANLOAD_CACHE=$work/corrupt.fanload read_cache corrupt
  end_job
  after_case corrupt 60
  check "corrupt: report: every node fell back on a SHA-256 mismatch" all_are "$work/corrupt.json" 'FALLBACK.*(SHA-256|digest)'
  check "corrupt: report: all 8 ranks loaded the normal way" [ "$(json_field "$work/corrupt.json" fallbackRanks)" = 8 ]
fi

# A truncated archive: launch reads its header and trailer before anything starts.
if wanted truncated; then
  head -c $(( $(stat -c %s "$work/e2e.fanload") / 2 )) "$work/e2e.fanload" > "$work/truncated.fanload"
  FANLOAD_CACHE=$work/truncated.fanload read_cache truncated
  end_job
  echo "#   truncated: $(grep -v '^srun' "$work/truncated.err" | head -n 3)"
  check "truncated: launch exits 75 within 30 s (status $job_status, $job_secs s)" bash -c "[ $job_status -eq 75 ] && awk 'BEGIN { exit !($job_secs < 30) }'"
  check "truncated: one line names the archive, no rank ran" \
    bash -c "[ \$(grep -c . '$work/truncated.err') -eq 1 ] && grep -q 'truncated.fanload' '$work/truncated.err' && ! grep -q '^rank' '$work/truncated.out'"
  check "truncated: nothing is left running on any node" nothing_left
fi

# No archive at all.
if wanted no-archive; then
  FANLOAD_CACHE=$work/none.fanload read_cache no-archive
  end_job
  echo "#   no-archive: $(head -n 3 "$work/no-archive.err")"
  check "no-archive: launch exits 66 (no such archive) within 30 s (status $job_status, $job_secs s)" bash -c "[ $job_status -eq 66 ] && awk 'BEGIN { exit !($job_secs < 30) }'"
  check "no-archive: one line names the archive, no rank ran" \
    bash -c "[ \$(grep -c . '$work/no-archive.err') -eq 1 ] && grep -q 'no such archive: .*none.fanload' '$work/no-archive.err' && ! grep -q '^rank' '$work/no-archive.out'"
  check "no-archive: nothing is left running on any node" nothing_left
fi

# A pilot on JDK 25, the run on JDK 17 (docs/LOADER.md: an archive is per JDK feature release; every
# rank says it cannot serve and loads from the class path, counted).
if wanted other-jdk && [ -x "$jdk25/bin/java" ]; then
  PATH=$jdk25/bin:$PATH FANLOAD_CACHE=$work/jdk25.fanload sbatch_wait "$work" 120 --nodes=1 --ntasks=2 \
    -o "$work/pilot-25.out" -e "$work/pilot-25.err" "$root/pilot-scripts/slurm/pilot.sbatch"
  check "other-jdk: the JDK 25 pilot exits 0" [ $? -eq 0 ]
  FANLOAD_CACHE=$work/jdk25.fanload read_cache other-jdk
  end_job
  grep -m 2 'fanload' "$work/other-jdk.err" | sed 's/^/#   other-jdk: /'
  after_case other-jdk 60
  check "other-jdk: every rank says it cannot serve (feature release)" \
    bash -c "[ \$(grep -c 'cannot serve.*\(feature\|release\|JDK\)' '$work/other-jdk.err') -eq 8 ]"
  check "other-jdk: report counts misses" at_least "$(json_field "$work/other-jdk.json" misses)" 1
fi

# A jar changed after the pilot: --stale fallback (default) runs every rank the normal way.
if wanted stale-archive; then
  mkdir -p "$work/stale-app"
  cp -r "$app/e2e.jar" "$app/plugin.jar" "$app/lib" "$work/stale-app/"
  APP_CP="$work/stale-app/e2e.jar:$work/stale-app/plugin.jar" FANLOAD_CACHE=$work/stale.fanload \
    sbatch_wait "$work" 120 --nodes=1 --ntasks=2 -o "$work/pilot-stale.out" -e "$work/pilot-stale.err" \
    "$root/pilot-scripts/slurm/pilot.sbatch"
  touch -d '+1 minute' "$work/stale-app/plugin.jar"
  APP_CP="$work/stale-app/e2e.jar:$work/stale-app/plugin.jar" FANLOAD_CACHE=$work/stale.fanload read_cache stale-archive
  end_job
  grep -m 1 'stale' "$work/stale-archive.err" | sed 's/^/#   stale-archive: /'
  after_case stale-archive 60
  check "stale-archive: one warning names the changed jar" grep -q 'stale cache, every rank loads the normal way: .*plugin.jar' "$work/stale-archive.err"
  check "stale-archive: report: all 8 ranks loaded the normal way" [ "$(json_field "$work/stale-archive.json" fallbackRanks)" = 8 ]
fi
echo "# faults-e2e: $((SECONDS - suite_start)) s in all"
