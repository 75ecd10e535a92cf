#!/usr/bin/env bash
# Smoke test of the testbed: installs, brings it up, runs srun, sbatch, mpirun (loopback and across
# the nodes), file-system accounting (strace on every node, Gluster counters) and the fault helpers,
# then tears everything down. Prints each phase's time; exit 0 only if every check passed.
# Usage: smoke.sh [--no-install]      (needs root; same environment variables as testbed.sh)
set -euo pipefail

HERE=$(dirname "$(readlink -f "$0")")
TB=$HERE/testbed.sh
# sbatch_wait: the e2e scripts' way to run a batch job and say why it failed.
root=$(cd "$HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../e2e/lib.sh
source "$root/pilot-scripts/e2e/lib.sh"
STEP_TIMEOUT=120   # seconds for any one srun/sbatch/mpirun
STATE=${FANLOAD_TESTBED_DIR:-/tmp/fanload-testbed}
FAILFILE=$(mktemp /tmp/fanload-smoke-failures.XXXXXX)
TIMINGS=()

say() { printf 'smoke: %s\n' "$*"; }
# Failures go to a file: phases run in subshells.
fail() { say "FAIL: $*"; printf '%s\n' "$*" >>"$FAILFILE"; }
failures() { grep -c . "$FAILFILE" || true; }

# Runs a phase in a subshell with errexit in force (not in a `||` context, where bash would ignore
# it), records a non-zero exit as a failure and the phase's wall time.
phase() {
  local name=$1 t0=${EPOCHREALTIME/[.,]/} us rc
  shift
  say "== $name"
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  ((rc == 0)) || fail "$name: exited $rc"
  us=$((${EPOCHREALTIME/[.,]/} - t0))
  TIMINGS+=("$(printf '%-28s %6d.%02d s' "$name" $((us / 1000000)) $((us % 1000000 / 10000)))")
}

# The step printed exactly the wanted lines, in any order.
expect_lines() {
  local what=$1 got=$2 want=$3
  if [[ $(sort <<<"$got") != "$(sort <<<"$want")" ]]; then
    fail "$what: unexpected output"
    printf '  want:\n%s\n  got:\n%s\n' "$(sort <<<"$want" | sed 's/^/    /')" \
      "$(sort <<<"$got" | sed 's/^/    /')"
    return 1
  fi
  say "ok: $what"
}

# Each node's name twice: the output of a step with 2 tasks per node running `hostname`.
two_per_node() {
  local n
  for n in $FANLOAD_TESTBED_NODE_NAMES; do printf '%s\n%s\n' "$n" "$n"; done
}

do_install() { "$HERE/install.sh"; }

do_up() { "$TB" up; }

# The testbed's settings, for the phases after `up`.
load_env() {
  # shellcheck source=/dev/null
  source "$STATE/testbed.env"
  WORK=$STATE/smoke
  mkdir -p "$WORK"
  NNODES=$(wc -w <<<"$FANLOAD_TESTBED_NODE_NAMES")
}

do_srun() {
  local out
  out=$(cd "$WORK" && timeout "$STEP_TIMEOUT" srun -N"$NNODES" -n$((2 * NNODES)) \
    --ntasks-per-node=2 hostname)
  expect_lines "srun -N$NNODES -n$((2 * NNODES)) hostname" "$out" "$(two_per_node)"
}

# sbatch: every task prints its identity and writes a file on the shared FS; a second step has
# each task read the file written by a task on another node.
do_sbatch() {
  local job=$WORK/ident.sbatch out want="" i n k=0 ntasks=$((2 * NNODES))
  cat >"$job" <<'EOF'
#!/bin/bash
#SBATCH --ntasks-per-node=2
#SBATCH -o ident-%j.out
# The job's environment (FANLOAD_TESTBED_SHARED included) reaches every task.
mkdir -p "$FANLOAD_TESTBED_SHARED/smoke-ident"
srun bash -c 'echo "id $SLURM_PROCID $SLURM_NODEID $SLURMD_NODENAME $(hostname)"
  echo "$SLURMD_NODENAME" >"$FANLOAD_TESTBED_SHARED/smoke-ident/$SLURM_PROCID"'
srun bash -c 'echo "read $SLURM_PROCID $(cat "$FANLOAD_TESTBED_SHARED/smoke-ident/$(( (SLURM_PROCID + 2) % SLURM_NTASKS ))")"'
EOF
  rm -f "$WORK"/ident-*.out
  sbatch_wait "$WORK" "$STEP_TIMEOUT" -N"$NNODES" "$job"
  out=$(cat "$WORK"/ident-*.out)
  for n in $FANLOAD_TESTBED_NODE_NAMES; do
    for i in $((2 * k)) $((2 * k + 1)); do
      want+="id $i $k $n $n"$'\n'
      # Task i reads task (i+2)'s file, written on the next node.
      want+="read $i n$(((i + 2) % ntasks / 2 + 1))"$'\n'
    done
    k=$((k + 1))
  done
  expect_lines "sbatch: identities and shared-FS write/read across nodes" "$out" "${want%$'\n'}"
}

do_mpirun_loopback() {
  local out
  # shellcheck disable=SC2016  # the ranks expand their own variables
  out=$(timeout "$STEP_TIMEOUT" mpirun --allow-run-as-root --oversubscribe \
    --mca oob_tcp_if_include lo --mca btl_tcp_if_include lo -np 4 \
    bash -c 'echo "rank $OMPI_COMM_WORLD_RANK/$OMPI_COMM_WORLD_SIZE"' 2>&1)
  expect_lines "mpirun -np 4 on loopback" "$out" "$(printf 'rank %d/4\n' 0 1 2 3)"
}

# mpirun inside an allocation: Open MPI starts its daemons through srun on every node and talks
# over the bridge.
do_mpirun_nodes() {
  local job=$WORK/mpi.sbatch out
  cat >"$job" <<'EOF'
#!/bin/bash
#SBATCH --ntasks-per-node=2
#SBATCH -o mpi-%j.out
mpirun --allow-run-as-root --mca oob_tcp_if_include 10.77.0.0/24 \
  --mca btl_tcp_if_include 10.77.0.0/24 hostname
EOF
  rm -f "$WORK"/mpi-*.out
  sbatch_wait "$WORK" "$STEP_TIMEOUT" -N"$NNODES" "$job"
  out=$(cat "$WORK"/mpi-*.out)
  expect_lines "mpirun across $NNODES nodes (sbatch)" "$out" "$(two_per_node)"
}

# strace on every node over one srun step: each task reads one file of an "application" folder on
# the shared FS. The accounting must show exactly one `cat` per node touching it, and nothing else.
do_accounting() {
  local app=$FANLOAD_TESTBED_SHARED/smoke-app counts want="" n
  mkdir -p "$app"
  echo data >"$app/data.txt"
  "$TB" fs-ops start
  "$TB" trace-start
  (cd "$WORK" && timeout "$STEP_TIMEOUT" srun -N"$NNODES" -n"$NNODES" cat "$app/data.txt" >/dev/null)
  "$TB" trace-stop
  counts=$("$TB" trace-count "$app")
  say "trace-count $app:"
  awk '{ print "    " $0 }' <<<"$counts"
  for n in $FANLOAD_TESTBED_NODE_NAMES; do want+="$n /usr/bin/cat"$'\n'; done
  expect_lines "strace: only each node's cat touched the app folder" \
    "$(awk '$1 != "total" { print $1, $4 }' <<<"$counts")" "${want%$'\n'}"
  local total
  total=$(awk '$1 == "total" { print $2 }' <<<"$counts")
  ((total >= NNODES)) || fail "strace: $total calls under $app, expected at least $NNODES"
  say "strace: $("$TB" trace-count "$FANLOAD_TESTBED_SHARED" | tail -n 1) file-system calls under the whole shared mount"
  local ops
  ops=$("$TB" fs-ops show)
  say "gluster fs-ops: $(tr '\n' ' ' <<<"$ops")"
  grep -q '^LOOKUP [1-9]' <<<"$ops" || fail "gluster counters: no LOOKUP counted"
  "$TB" fs-ops stop
}

do_faults() {
  local first second
  read -r first second _ <<<"$FANLOAD_TESTBED_NODE_NAMES"
  [[ -n ${second:-} ]] || { say "one node: fault checks skipped"; return 0; }
  # /dev/shm full: a 1 MiB tmpfs refuses a 2 MiB file.
  "$TB" shm-size "$first" 1m
  if timeout "$STEP_TIMEOUT" "$TB" exec "$first" -- dd if=/dev/zero of=/dev/shm/smoke bs=1M count=2 2>/dev/null; then
    fail "shm-size: 2 MiB fitted into a 1 MiB /dev/shm"
  else say "ok: /dev/shm full on $first"; fi
  timeout "$STEP_TIMEOUT" "$TB" exec "$first" -- rm -f /dev/shm/smoke
  "$TB" shm-size "$first" "$FANLOAD_TESTBED_SHM_SIZE"
  # Link down: the node cannot reach its peer's slurmd port; up again: it can.
  local probe="import socket,sys; socket.create_connection((sys.argv[1], 6818), timeout=2)"
  "$TB" link-down "$second"
  if timeout "$STEP_TIMEOUT" "$TB" exec "$second" -- python3 -c "$probe" 10.77.0.1 2>/dev/null; then
    fail "link-down: $second still reaches 10.77.0.1"
  else say "ok: link down on $second"; fi
  "$TB" link-up "$second"
  if timeout "$STEP_TIMEOUT" "$TB" exec "$second" -- python3 -c "$probe" 10.77.0.1; then say "ok: link up on $second"
  else fail "link-up: $second cannot reach 10.77.0.1"; fi
  # Throttle: 1 MB from the throttled node at 10 Mbit/s takes ~0.8 s (unthrottled: ~ms).
  "$TB" throttle "$second" 10mbit
  local t0=${EPOCHREALTIME/[.,]/} ms
  timeout "$STEP_TIMEOUT" "$TB" exec "$second" -- sh -c "head -c 1000000 /dev/zero >$FANLOAD_TESTBED_SHARED/smoke-throttle"
  ms=$(((${EPOCHREALTIME/[.,]/} - t0) / 1000))
  "$TB" unthrottle "$second"
  if ((ms >= 500)); then say "ok: throttled write of 1 MB took $ms ms"
  else fail "throttle: 1 MB at 10 Mbit/s took only $ms ms"; fi
  # Slurm still runs steps on every node after all this.
  if (cd "$WORK" && timeout "$STEP_TIMEOUT" srun -N"$NNODES" -n"$NNODES" true); then
    say "ok: srun after faults"
  else fail "srun after faults"; fi
}

do_down() {
  "$TB" down
  if ip netns list | grep -q '^fltb-'; then fail "down: namespaces left"; fi
  if grep -qF "$STATE/" /proc/self/mountinfo; then fail "down: mounts left"; fi
  # Any process naming the state dir (the list is made before grep's own pid exists).
  local procs=(/proc/[0-9]*/cmdline) left
  left=$(grep -laF -- "$STATE/" "${procs[@]}" 2>/dev/null || true)
  if [[ -n $left ]]; then
    fail "down: processes left: $(for f in $left; do tr '\0' ' ' <"$f"; echo; done)"
  fi
  return 0
}

main() {
  [[ $(id -u) -eq 0 ]] || { say "must run as root"; exit 1; }
  local install=1
  [[ ${1:-} == --no-install ]] && install=0
  # This script owns the testbed while it runs (its phases call testbed.sh from subshells).
  export FANLOAD_TESTBED_OWNER=$$
  # Torn down also when a check or the script itself fails or is interrupted.
  trap '"$TB" down >/dev/null 2>&1 || true; rm -f "$FAILFILE"' EXIT
  trap 'exit 130' INT TERM
  ((install)) && phase install do_install
  phase up do_up
  if (($(failures) == 0)); then
    load_env
    phase "srun hostname" do_srun
    phase "sbatch ident + shared FS" do_sbatch
    phase "mpirun loopback" do_mpirun_loopback
    phase "mpirun across nodes" do_mpirun_nodes
    phase "strace + gluster counters" do_accounting
    phase "faults" do_faults
  fi
  phase down do_down
  say "timings:"
  printf '  %s\n' "${TIMINGS[@]}"
  if (($(failures))); then
    say "$(failures) failed:"
    sed 's/^/  /' "$FAILFILE"
    exit 1
  fi
  say "all checks passed"
}

main "$@"
