#!/usr/bin/env bash
# fanload's HPC testbed on one machine: a Slurm 22.05 cluster of N nodes, each node a network
# namespace (own address 10.77.0.K on a bridge, own host name, own tmpfs /dev/shm, own GlusterFS
# client), plus a GlusterFS volume as the shared file system. See docs/TESTBED.md.
#
#   testbed.sh up [--nodes N] [--cpus C] [--shm-size SIZE] [--delay-us US] [--force]
#   testbed.sh down [--force] | status | env
#   testbed.sh exec NODE -- CMD...           run CMD on node NODE (its net, mount and uts namespaces)
#   testbed.sh link-down NODE | link-up NODE
#   testbed.sh throttle NODE RATE | unthrottle NODE      (RATE: e.g. 10mbit, 1gbit)
#   testbed.sh shm-size NODE SIZE           resize the node's /dev/shm (e.g. 1m for "shm full")
#   testbed.sh delay US                     change the Gluster metadata delay (0: off)
#   testbed.sh trace-start [NODE...] | trace-stop | trace-count PREFIX
#   testbed.sh fs-ops start|show|clear|stop  Gluster per-operation counters (brick side)
#
# Needs root and the packages of install.sh. Everything lives under $FANLOAD_TESTBED_DIR; `down`
# removes all of it (except log/) and is safe to run at any time, any number of times.
set -euo pipefail

STATE=${FANLOAD_TESTBED_DIR:-/tmp/fanload-testbed}
TIMEOUT=${FANLOAD_TESTBED_TIMEOUT:-60}   # seconds, for every wait on a daemon
SUBNET=10.77.0                           # the only addresses the testbed uses
BRIDGE_ADDR=$SUBNET.254
BRIDGE=fltb-br0
NS_PREFIX=fltb-                          # netns "fltb-nK"; host end of its veth is also "fltb-nK"
VOLUME=fanload
MARKER=.fanload-testbed                  # proves a directory is ours before rm -rf
# The machine has one testbed (fixed addresses and ports), possibly shared by several users: who
# owns it is recorded outside the state directory, which up/down delete.
OWNER_FILE=/run/lock/fanload-testbed.owner
LOCK_FILE=/run/lock/fanload-testbed.lock
LAST_DIR_FILE=/run/lock/fanload-testbed.dir   # state dir of the last `up`, for cleaning up
WAIT=${FANLOAD_TESTBED_WAIT:-600}        # seconds to wait for another owner to finish
FORCE=${FANLOAD_TESTBED_FORCE:-0}        # 1: take the testbed from a live owner
# strace's syscall set for accounting: every call that takes a path, plus process creation so that
# each call can be attributed to the program (and process) that made it.
STRACE_SET=${FANLOAD_TESTBED_STRACE_SET:-%file,%process}
SCRIPT=$(readlink -f "$0")

T0=${EPOCHREALTIME/[.,]/}
# Each line says how long the command has run, so slow steps show in CI logs.
log() {
  local us=$((${EPOCHREALTIME/[.,]/} - T0))
  printf 'testbed [%d.%02ds]: %s\n' $((us / 1000000)) $((us % 1000000 / 10000)) "$*" >&2
}
die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }

# --- configuration (saved at `up`, read back by every other subcommand) ----------------------

# Settings from the environment (documented in docs/TESTBED.md); `up` options override them.
default_config() {
  NODES=${FANLOAD_TESTBED_NODES:-4}
  CPUS=${FANLOAD_TESTBED_CPUS:-8}
  SHM_SIZE=${FANLOAD_TESTBED_SHM_SIZE:-1g}
  DELAY_US=${FANLOAD_TESTBED_DELAY_US:-0}
}

# The settings of the running testbed, as `up` saved them.
load_config() {
  default_config
  if [[ -f $STATE/testbed.conf ]]; then
    # shellcheck source=/dev/null
    source "$STATE/testbed.conf"
  fi
}

save_config() {
  printf 'NODES=%q\nCPUS=%q\nSHM_SIZE=%q\nDELAY_US=%q\n' \
    "$NODES" "$CPUS" "$SHM_SIZE" "$DELAY_US" >"$STATE/testbed.conf"
}

node_names() { local k; for ((k = 1; k <= NODES; k++)); do printf 'n%d\n' "$k"; done; }
node_index() {
  if [[ $1 =~ ^n([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= NODES)); then
    printf '%d\n' "${BASH_REMATCH[1]}"
  else
    die "no node '$1' (nodes: n1..n$NODES)"
  fi
}
node_addr() { printf '%s.%d\n' "$SUBNET" "$(node_index "$1")"; }
shared_dir() { printf '%s/shared\n' "$STATE"; }

require_root() { [[ $(id -u) -eq 0 ]] || die "must run as root"; }

# A tmpfs size: bytes with an optional k/m/g suffix, or a percentage of memory.
check_size() { [[ $1 =~ ^[0-9]+[kmgKMG%]?$ ]] || die "bad /dev/shm size '$1' (e.g. 1m, 512m, 2g)"; }

# Polls CMD every 0.2 s until it succeeds; dies with WHAT after $TIMEOUT seconds, or at once when
# one of the daemons in $WATCH (pid files) has exited, showing the end of its output.
WATCH=()
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + TIMEOUT)) f
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what"
    for f in "${WATCH[@]}"; do
      running "$f" && continue
      f=${f##*/}; f=${f%.pid}
      tail -n 5 "$STATE/log/$f.out" >&2 2>/dev/null || true
      die "$f exited while waiting for $what (end of $STATE/log/$f.out above)"
    done
    sleep 0.2
  done
}

# --- processes --------------------------------------------------------------------------------

# Fields of /proc/PID/stat after the command name, into the array STAT: STAT[0] is the state,
# STAT[19] the start time (clock ticks after boot).
read_stat() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra STAT <<<"${stat##*) }"
}

# A process that still runs: exists and is not a zombie (a zombie is gone already; only its parent
# has not reaped it, which may be init, long after we stopped waiting).
alive() { read_stat "$1" && [[ ${STAT[0]} != Z ]]; }

# Start time of a process: with the pid, it names one process for ever (pids are reused).
start_time() { read_stat "$1" && printf '%s\n' "${STAT[19]}"; }

# The daemon whose pid file is $1 runs.
running() { [[ -s $1 ]] && alive "$(<"$1")"; }

# Stops the given pids: TERM, up to 10 s of grace, then KILL. Never by name.
stop_pids() {
  local pid left deadline=$((SECONDS + 10))
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  # A stopped process (a fault test's SIGSTOP) only acts on TERM once continued.
  kill -CONT "$@" 2>/dev/null || true
  while ((SECONDS < deadline)); do
    left=()
    for pid in "$@"; do alive "$pid" && left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    sleep 0.1
  done
  for pid in "$@"; do
    alive "$pid" && log "pid $pid ignored TERM for 10 s; KILL" && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}

stop_pidfile() {
  local f=$1
  [[ -f $f ]] || return 0
  local pid; pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && stop_pids "$pid"
  rm -f "$f"
}

# Pids of every process inside namespace NS (slurmd, slurmstepd, job tasks, the node's FUSE
# client, anything a test started there). One `find` for all of /proc: a readlink per process
# costs seconds on a busy machine.
pids_in_netns() {
  local ns=/run/netns/$1 inode
  [[ -e $ns ]] || return 0
  inode=$(stat -L -c %i "$ns")
  find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/net' -printf '%h %l\n' 2>/dev/null \
    | awk -v want="net:[$inode]" '$2 == want { split($1, p, "/"); print p[3] }'
}

# This process and its ancestors: a caller such as `bash -c '. $STATE/testbed.env; testbed.sh down'` names
# the state directory too, and must survive its own `down`.
ancestors() {
  local pid=$$
  while ((pid > 1)); do
    printf '%s\n' "$pid"
    pid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null) || break
    [[ -n $pid ]] || break
  done
}

# Pids whose command line names our state directory (glusterd, the brick, FUSE clients, daemons
# left by a crashed run). Scoped to $STATE, so it cannot hit anything else on the machine.
pids_naming_state() {
  local mine procs=(/proc/[0-9]*/cmdline)   # expanded here, before grep's own pid exists
  mine=$(ancestors | tr '\n' ' ')
  grep -laF -- "$STATE/" "${procs[@]}" 2>/dev/null \
    | awk -F/ -v mine=" $mine" 'index(mine, " " $3 " ") == 0 { print $3 }'
  return 0
}

node_pid() {
  local f=$STATE/run/slurmd-$1.pid
  [[ -s $f ]] || die "node $1 is not running (no $f)"
  cat "$f"
}

# --- ownership: one user of the testbed at a time -------------------------------------------------

# The process the testbed belongs to while it is up: FANLOAD_TESTBED_OWNER, else our caller.
owner_pid() { printf '%s\n' "${FANLOAD_TESTBED_OWNER:-$PPID}"; }

# Fails, printing the owner, when a live process other than us or one of our ancestors owns the
# testbed. An owner that is gone left only leftovers, which anyone may clean up.
may_take() {
  [[ -s $OWNER_FILE ]] || return 0
  local pid start cmd
  read -r pid start cmd <"$OWNER_FILE" || return 0
  [[ $(start_time "$pid" || true) == "$start" ]] || return 0
  [[ $pid == "$(owner_pid)" ]] && return 0
  ancestors | grep -qx -- "$pid" && return 0
  ((FORCE)) && { log "taking the testbed from pid $pid ($cmd)"; return 0; }
  printf 'pid %s (%s)\n' "$pid" "$cmd"
  return 1
}

claim() {
  may_take || return 1
  local pid
  pid=$(owner_pid)
  printf '%s %s %s\n' "$pid" "$(start_time "$pid" || echo 0)" \
    "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-100)" >"$OWNER_FILE"
}

# Runs "$@" holding the machine-wide lock, in a subshell: the lock is held only for the check,
# never while daemons start (they would inherit the descriptor and keep the lock).
with_lock() {
  mkdir -p "${LOCK_FILE%/*}"
  (
    flock -w 30 9 || die "$LOCK_FILE still locked after 30 s"
    "$@"
  ) 9>"$LOCK_FILE"
}

# up claims the testbed, down checks it may take it down; waits up to $WAIT s for another owner.
acquire() {
  local op=$1 who said=0 deadline=$((SECONDS + WAIT))
  until who=$(if [[ $op == up ]]; then with_lock claim; else with_lock may_take; fi); do
    ((SECONDS < deadline)) || die "the testbed is still in use by $who after ${WAIT}s" \
      "(FANLOAD_TESTBED_WAIT); wait for it, or take it with --force"
    ((said++)) || log "$op: the testbed is in use by $who; waiting up to ${WAIT}s for it"
    sleep 1
  done
}

release() { rm -f "$OWNER_FILE"; }

# --- network: bridge + one namespace per node --------------------------------------------------

net_up() {
  log "network: bridge $BRIDGE $BRIDGE_ADDR/24, $NODES namespaces"
  ip link add "$BRIDGE" type bridge
  ip addr add "$BRIDGE_ADDR/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local n k
  for n in $(node_names); do
    k=$(node_index "$n")
    ip netns add "$NS_PREFIX$n"
    ip link add "$NS_PREFIX$n" type veth peer name eth0 netns "$NS_PREFIX$n"
    ip link set "$NS_PREFIX$n" master "$BRIDGE" up
    ip -n "$NS_PREFIX$n" addr add "$SUBNET.$k/24" dev eth0
    ip -n "$NS_PREFIX$n" link set lo up
    ip -n "$NS_PREFIX$n" link set eth0 up
  done
}

# /etc/hosts for the nodes (bind-mounted in each node's mount namespace; the host's is untouched),
# so that n1..nN resolve on every node, as on a real cluster.
write_hosts() {
  {
    printf '127.0.0.1 localhost\n%s %s\n' "$BRIDGE_ADDR" "$(hostname -s)"
    local n
    for n in $(node_names); do printf '%s %s\n' "$(node_addr "$n")" "$n"; done
  } >"$STATE/etc/hosts"
}

# --- GlusterFS ----------------------------------------------------------------------------------

gluster_cli() { timeout 60 gluster --mode=script "$@"; }

# Sets options from KEY=VALUE lines on stdin in one CLI call (one `volume set` per option costs
# ~0.3 s): a Gluster "group" file. glusterd reads groups only from /var/lib/glusterd/groups, not
# from its working directory, so the file lives there just for the call.
gluster_set_group() {
  local group=/var/lib/glusterd/groups/fanload-testbed-$$
  mkdir -p "${group%/*}"
  cat >"$group"
  gluster_cli volume set "$VOLUME" group "${group##*/}" >/dev/null || { rm -f "$group"; return 1; }
  rm -f "$group"
}

# The delay translator's options; set while the volume is stopped (a started volume ignores them).
gluster_set_delay() {
  local us=$1
  if ((us > 0)); then
    gluster_set_group <<EOF
debug.delay-gen=posix
delay-gen.delay-percentage=100
delay-gen.delay-duration=$us
delay-gen.enable=lookup,stat,open,readdirp,getxattr,access
EOF
  else
    gluster_cli volume reset "$VOLUME" debug.delay-gen >/dev/null 2>&1 || true
  fi
}

brick_online() {
  gluster_cli volume status "$VOLUME" detail 2>/dev/null | grep -q '^Online *: Y'
}

gluster_up() {
  local g=$STATE/gluster
  mkdir -p "$g/lib" "$g/brick"
  # glusterd's working directory moved into the state dir: /var/lib/glusterd stays untouched.
  sed "s#/var/lib/glusterd#$g/lib#" /etc/glusterfs/glusterd.vol >"$g/glusterd.vol"
  log "gluster: glusterd (working dir $g/lib)"
  setsid glusterd -N -f "$g/glusterd.vol" -l "$STATE/log/glusterd.log" </dev/null >>"$STATE/log/glusterd.out" 2>&1 &
  echo $! >"$STATE/run/glusterd.pid"
  WATCH+=("$STATE/run/glusterd.pid")
  wait_for "glusterd to answer" gluster_cli volume list
  log "gluster: glusterd answers"
  gluster_cli volume create "$VOLUME" "$BRIDGE_ADDR:$g/brick" force >/dev/null
  # Client-side caches off: every node behaves like an independent client, every metadata
  # operation reaches the brick (and its delay).
  gluster_set_group <<EOF
performance.stat-prefetch=off
performance.quick-read=off
performance.io-cache=off
performance.read-ahead=off
performance.open-behind=off
performance.readdir-ahead=off
performance.client-io-threads=off
performance.md-cache-timeout=0
performance.io-thread-count=1
EOF
  gluster_set_delay "$DELAY_US"
  log "gluster: volume $VOLUME created; starting its brick"
  gluster_cli volume start "$VOLUME" >/dev/null
  wait_for "the gluster brick to come online" brick_online
  log "gluster: volume $VOLUME started (metadata delay ${DELAY_US} us)"
}

# FUSE mount options: no kernel attribute/entry caching, so each lookup is a real round trip.
mount_gluster_cmd() {
  printf 'mount -t glusterfs -o attribute-timeout=0,entry-timeout=0,negative-timeout=0,log-file=%s %s:/%s %s' \
    "$1" "$BRIDGE_ADDR" "$VOLUME" "$(shared_dir)"
}

# --- Slurm --------------------------------------------------------------------------------------

write_slurm_conf() {
  local s=$STATE/slurm n
  mkdir -p "$s/ctld"
  for n in $(node_names); do mkdir -p "$s/spool/$n"; done
  cat >"$s/slurm.conf" <<EOF
# Written by pilot-scripts/testbed/testbed.sh; removed by 'down'.
ClusterName=fanload
SlurmctldHost=$(hostname -s)($BRIDGE_ADDR)
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$s/ctld
SlurmdSpoolDir=$s/spool/%n
SlurmctldPidFile=$STATE/run/slurmctld.pid.slurm
SlurmdPidFile=$STATE/run/slurmd-%n.pid.slurm
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd-%n.log
# No cgroups here: plugins that need none.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
# Nodes may declare more CPUs than this machine has.
SlurmdParameters=config_overrides
ReturnToService=2
SlurmdTimeout=120
# A finished job's record is kept 16 s: the e2e suites poll it four times a second for the job's
# status (e2e/lib.sh, sbatch_wait); sbatch --wait, which answers 0 when the record was purged
# first, polls at 2 s, then every MinJobAge/2, up to 32 s.
MinJobAge=16
# A batch job waited up to 3 s (batch_sched_delay's default) for the scheduler after sbatch, the
# e2e suites' 25 jobs a minute in all; a test bed submits a job at a time.
SchedulerParameters=batch_sched_delay=0
KillWait=5
MailProg=/bin/true
EOF
  for n in $(node_names); do
    printf 'NodeName=%s NodeAddr=%s NodeHostname=%s CPUs=%s State=UNKNOWN\n' \
      "$n" "$(node_addr "$n")" "$n" "$CPUS" >>"$s/slurm.conf"
  done
  printf 'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP\n' >>"$s/slurm.conf"
}

slurmctld_up() {
  log "slurm: slurmctld"
  SLURM_CONF=$STATE/slurm/slurm.conf setsid slurmctld -D -i -f "$STATE/slurm/slurm.conf" \
    </dev/null >>"$STATE/log/slurmctld.out" 2>&1 &
  echo $! >"$STATE/run/slurmctld.pid"
  WATCH+=("$STATE/run/slurmctld.pid")
  wait_for "slurmctld to answer (log: $STATE/log/slurmctld.log)" \
    env SLURM_CONF="$STATE/slurm/slurm.conf" scontrol ping
}

# One node: enters the node's network namespace, makes private mount and uts namespaces (host
# name, tmpfs /dev/shm, /etc/hosts, its own Gluster client), then execs slurmd, so the pid we
# record is slurmd's and every job step on the node inherits all of it. Not `ip netns exec`:
# it remounts /sys, and slurmd 22.05 then fails.
node_up() {
  local n=$1 setup
  setup=$(cat <<EOF
set -e
hostname $n
mount -t tmpfs -o size=$SHM_SIZE,mode=1777 tmpfs /dev/shm
mount --bind $STATE/etc/hosts /etc/hosts
# The host's Gluster mount was copied into this namespace; the node gets a client of its own.
umount $(shared_dir)
timeout $TIMEOUT $(mount_gluster_cmd "$STATE/log/gluster-client-$n.log")
exec slurmd -D -f $STATE/slurm/slurm.conf -N $n
EOF
)
  setsid nsenter --net="/run/netns/$NS_PREFIX$n" unshare -m -u --propagation private \
    sh -c "$setup" </dev/null >>"$STATE/log/slurmd-$n.out" 2>&1 &
  echo $! >"$STATE/run/slurmd-$n.pid"
  WATCH+=("$STATE/run/slurmd-$n.pid")
}

all_nodes_idle() {
  local states
  states=$(SLURM_CONF=$STATE/slurm/slurm.conf timeout 10 sinfo -h -N -o '%N %t' | sort -u)
  [[ $(grep -c ' idle$' <<<"$states") -eq $NODES ]]
}

nodes_up() {
  local n
  log "slurm: $NODES slurmd (n1..n$NODES)"
  for n in $(node_names); do node_up "$n"; done
  wait_for "all $NODES nodes idle in sinfo (logs: $STATE/log/slurmd-*.out)" all_nodes_idle
}

# --- up / down ------------------------------------------------------------------------------------

# The path ends up in generated shell commands and config files, and `down` removes it.
check_state_path() {
  [[ $STATE =~ ^/[A-Za-z0-9._/-]+$ && $STATE != / ]] \
    || die "FANLOAD_TESTBED_DIR must be an absolute path of [A-Za-z0-9._/-], not /"
}

prepare_state_dir() {
  if [[ -d $STATE && ! -e $STATE/$MARKER ]] && [[ -n $(ls -A "$STATE") ]]; then
    die "$STATE exists and is not a testbed state directory; refusing to use it"
  fi
  rm -rf "$STATE"
  mkdir -p "$STATE"/{run,log,etc,trace,shared}
  touch "$STATE/$MARKER"
}

cmd_up() {
  require_root
  default_config
  while (($#)); do
    case $1 in
      --nodes) NODES=${2:?--nodes N}; shift 2 ;;
      --cpus) CPUS=${2:?--cpus C}; shift 2 ;;
      --shm-size) SHM_SIZE=${2:?--shm-size SIZE}; shift 2 ;;
      --delay-us) DELAY_US=${2:?--delay-us US}; shift 2 ;;
      *) die "up: unknown option '$1'" ;;
    esac
  done
  if ! [[ $NODES =~ ^[0-9]+$ ]] || ((NODES < 1 || NODES > 200)); then die "--nodes must be 1..200"; fi
  if ! [[ $CPUS =~ ^[0-9]+$ ]] || ((CPUS < 1)); then die "--cpus must be a positive integer"; fi
  [[ $DELAY_US =~ ^[0-9]+$ ]] || die "--delay-us must be a non-negative integer"
  check_size "$SHM_SIZE"
  check_state_path
  local cmd
  for cmd in slurmctld slurmd srun glusterd gluster mount.glusterfs nsenter unshare strace tc; do
    command -v "$cmd" >/dev/null || die "$cmd not found: run pilot-scripts/testbed/install.sh"
  done
  acquire up
  # Leftovers of a crashed run go first (in a subshell: it loads the old run's settings), also
  # those of a run with another state directory (its glusterd would hold the port).
  local last
  last=$(cat "$LAST_DIR_FILE" 2>/dev/null || true)
  if [[ -n $last && $last != "$STATE" ]]; then (down_dir "$last") >/dev/null 2>&1 || true; fi
  (cmd_down) >/dev/null 2>&1 || true
  printf '%s\n' "$STATE" >"$LAST_DIR_FILE"
  local start=$SECONDS
  prepare_state_dir
  save_config
  # A failed or interrupted `up` leaves nothing behind.
  trap 'log "up failed; tearing down"; (cmd_down) >&2 || true; release' EXIT
  trap 'exit 130' INT TERM
  net_up
  write_hosts
  gluster_up
  mount_host
  write_slurm_conf
  slurmctld_up
  nodes_up
  write_env
  trap - EXIT INT TERM
  log "up in $((SECONDS - start)) s: $NODES nodes, shared fs at $(shared_dir); source $STATE/testbed.env"
}

# The host's own Gluster client at the same path, to put applications on the shared FS and
# look at results from outside the nodes.
mount_host() {
  # shellcheck disable=SC2046  # word splitting of the generated mount command is intended
  timeout "$TIMEOUT" $(mount_gluster_cmd "$STATE/log/gluster-client-host.log") \
    || die "gluster FUSE mount on the host failed (log: $STATE/log/gluster-client-host.log)"
  chmod 1777 "$(shared_dir)"
}

# Mount points under $STATE in the host's mount namespace, deepest first.
state_mounts() {
  awk -v s="$STATE" '$5 == s || index($5, s "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# `down` for the run whose state directory is $1 (bash scoping: what cmd_down calls sees it too).
down_dir() {
  local STATE=$1
  cmd_down
}

cmd_down() {
  require_root
  check_state_path
  load_config
  local f n pids=()
  # Tracers first: they hold slurmd under ptrace.
  for f in "$STATE"/run/strace-*.pid; do [[ -e $f ]] && stop_pidfile "$f"; done
  # Everything running on a node: slurmd, slurmstepd, tasks, the node's FUSE client.
  for f in /run/netns/"$NS_PREFIX"*; do
    [[ -e $f ]] || continue
    mapfile -t -O "${#pids[@]}" pids < <(pids_in_netns "${f##*/}")
  done
  ((${#pids[@]})) && log "down: stopping ${#pids[@]} processes on the nodes"
  stop_pids "${pids[@]}"
  stop_pidfile "$STATE/run/slurmctld.pid"
  rm -f "$STATE"/run/slurmd-*.pid
  log "down: slurm stopped; unmounting, stopping gluster"
  for f in $(state_mounts); do
    # A hung FUSE server must not hang `down`: bounded, then lazy.
    timeout 10 umount "$f" 2>/dev/null || umount -l "$f" 2>/dev/null || log "could not unmount $f"
  done
  # No `volume stop` (~1 s): TERM to the brick is as clean, and the volume is deleted anyway.
  stop_pidfile "$STATE/run/glusterd.pid"
  # The brick process (spawned by glusterd) and anything else a crashed run left naming $STATE;
  # only in a directory that `up` marked as ours, or a mistyped FANLOAD_TESTBED_DIR=/tmp would
  # name half the machine.
  if [[ -e $STATE/$MARKER ]]; then
    mapfile -t pids < <(pids_naming_state)
    stop_pids "${pids[@]}"
  fi
  log "down: gluster stopped; removing namespaces and bridge"
  for f in /run/netns/"$NS_PREFIX"*; do [[ -e $f ]] && ip netns del "${f##*/}"; done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE"
  # Gluster's per-volume run files outside our dir (its sockets and brick pid files).
  rm -rf "/var/run/gluster/vols/$VOLUME"
  # Keep the logs for post-mortems; everything else goes.
  if [[ -e $STATE/$MARKER ]]; then
    for f in "$STATE"/* "$STATE"/.[!.]*; do
      [[ -e $f && ${f##*/} != log && ${f##*/} != "$MARKER" ]] && rm -rf "$f"
    done
  fi
  log "down: nothing left running"
}

# --- status / env ---------------------------------------------------------------------------------

# Exit 0 only when every daemon runs and the shared file system is mounted.
cmd_status() {
  load_config
  local n ok=0
  [[ -s $OWNER_FILE ]] && echo "owner: $(<"$OWNER_FILE")"
  if running "$STATE/run/slurmctld.pid"; then echo "slurmctld: running"
  else echo "slurmctld: down"; ok=1; fi
  if running "$STATE/run/glusterd.pid"; then echo "glusterd: running (volume $VOLUME)"
  else echo "glusterd: down"; ok=1; fi
  if grep -qF " $(shared_dir) " /proc/self/mountinfo; then echo "shared: mounted at $(shared_dir)"
  else echo "shared: not mounted"; ok=1; fi
  for n in $(node_names); do
    if running "$STATE/run/slurmd-$n.pid"; then echo "$n: slurmd running, $(node_addr "$n")"
    else echo "$n: down"; ok=1; fi
  done
  if ((ok == 0)); then SLURM_CONF=$STATE/slurm/slurm.conf sinfo -N || ok=1; fi
  return "$ok"
}

write_env() {
  local n names="" addrs=""
  for n in $(node_names); do names+="$n "; addrs+="$(node_addr "$n") "; done
  cat >"$STATE/testbed.env" <<EOF
# Source this file: everything a test needs to use the testbed.
export SLURM_CONF=$STATE/slurm/slurm.conf
export FANLOAD_TESTBED_DIR=$STATE
export FANLOAD_TESTBED_SHARED=$(shared_dir)
export FANLOAD_TESTBED_NODES=$NODES
export FANLOAD_TESTBED_NODE_NAMES="${names% }"
export FANLOAD_TESTBED_NODE_ADDRS="${addrs% }"
export FANLOAD_TESTBED_CTL=$SCRIPT
export FANLOAD_TESTBED_VOLUME=$VOLUME
export FANLOAD_TESTBED_CPUS=$CPUS
export FANLOAD_TESTBED_SHM_SIZE=$SHM_SIZE
export FANLOAD_TESTBED_DELAY_US=$DELAY_US
# Run a command on node K:   \$FANLOAD_TESTBED_CTL exec nK -- CMD...
# Trace file-system calls:   \$FANLOAD_TESTBED_CTL trace-start; ...; \$FANLOAD_TESTBED_CTL trace-stop
#                            \$FANLOAD_TESTBED_CTL trace-count PREFIX
EOF
}

cmd_env() {
  [[ -f $STATE/testbed.env ]] || die "testbed is not up (no $STATE/testbed.env)"
  cat "$STATE/testbed.env"
}

# --- running on a node, faults --------------------------------------------------------------------

cmd_exec() {
  require_root
  load_config
  local n=${1:?exec NODE -- CMD...}; shift
  [[ ${1:-} == -- ]] && shift
  (($#)) || die "exec: no command"
  node_index "$n" >/dev/null
  exec nsenter --target "$(node_pid "$n")" --net --mount --uts -- "$@"
}

# A cable pull: the bridge end goes down, the node keeps its address and routes, its packets are
# lost (peers see timeouts, not connection refused). --inside takes the node's own eth0 down
# instead (its sockets then fail at once with "network unreachable").
cmd_link() {
  require_root
  load_config
  local state=$1 n=${2:?link-$1 NODE [--inside]} addr
  addr=$(node_addr "$n")
  if [[ ${3:-} == --inside ]]; then ip -n "$NS_PREFIX$n" link set eth0 "$state"
  else ip link set "$NS_PREFIX$n" "$state"; fi
  if [[ $state == up ]]; then
    # Probes while the link was down left FAILED neighbour entries, which answer "no route to
    # host" until they expire: forget them on both sides.
    ip -n "$NS_PREFIX$n" neigh flush dev eth0
    ip neigh flush dev "$BRIDGE" to "$addr"
    wait_for "$n's link to carry traffic" link_forwarding "$n"
  fi
  log "$n: link $state"
}

# Both veth ends up with carrier, and the bridge port forwarding.
link_forwarding() {
  ip -n "$NS_PREFIX$1" link show eth0 | grep -q 'state UP' \
    && ip link show "$NS_PREFIX$1" | grep -q 'state UP' \
    && bridge link show dev "$NS_PREFIX$1" | grep -q 'state forwarding'
}

# tbf burst: 10 ms worth of the rate (at least 16 KiB), so small rates stay smooth and large ones
# reach their rate.
tbf_burst() {
  local rate=$1 num unit bps
  [[ $rate =~ ^([0-9]+)(bit|kbit|mbit|gbit)$ ]] || die "rate '$rate': use e.g. 500kbit, 10mbit, 1gbit"
  num=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]}
  case $unit in
    bit) bps=$num ;; kbit) bps=$((num * 1000)) ;; mbit) bps=$((num * 1000000)) ;;
    gbit) bps=$((num * 1000000000)) ;;
  esac
  local burst=$((bps / 8 / 100))
  ((burst < 16384)) && burst=16384
  printf '%d\n' "$burst"
}

# Removes the shaping of NODE's link, both ends (none there: nothing to do).
unshape() {
  tc -n "$NS_PREFIX$1" qdisc del dev eth0 root 2>/dev/null || true
  tc qdisc del dev "$NS_PREFIX$1" root 2>/dev/null || true
}

cmd_throttle() {
  require_root
  load_config
  local n=${1:?throttle NODE RATE} rate=${2:?throttle NODE RATE} burst
  node_index "$n" >/dev/null
  burst=$(tbf_burst "$rate")
  # Both directions: the node's eth0 shapes what it sends, the bridge end what it receives. A fresh
  # tbf each time, never `replace`: a changed tbf keeps its queue, and a packet queued under a larger
  # burst (a 64 KiB GSO packet at 100mbit) needs more tokens than the new bucket holds; it blocks
  # the head of the queue for good and every later packet is dropped. Throttling a node from 100mbit
  # to 10mbit mid-transfer cut it off until the next change: its Gluster mount lost the brick, its
  # agent went silent to the coordinator, srun could not end the step (faults-e2e, 2026-11-21).
  unshape "$n"
  tc -n "$NS_PREFIX$n" qdisc add dev eth0 root tbf rate "$rate" burst "$burst" latency 50ms
  tc qdisc add dev "$NS_PREFIX$n" root tbf rate "$rate" burst "$burst" latency 50ms
  log "$n: throttled to $rate (burst $burst bytes) both ways"
}

cmd_unthrottle() {
  require_root
  load_config
  local n=${1:?unthrottle NODE}
  node_index "$n" >/dev/null
  unshape "$n"
  log "$n: unthrottled"
}

# Resizes the node's private /dev/shm in place (a size below what is used makes tmpfs refuse).
cmd_shm_size() {
  require_root
  load_config
  local n=${1:?shm-size NODE SIZE} size=${2:?shm-size NODE SIZE}
  check_size "$size"
  nsenter --target "$(node_pid "$n")" --mount -- mount -o "remount,size=$size" /dev/shm
  log "$n: /dev/shm size $size"
}

# Changing delay-gen needs a stopped volume; the nodes' clients reconnect by themselves.
cmd_delay() {
  require_root
  load_config
  local us=${1:?delay MICROSECONDS}
  [[ $us =~ ^[0-9]+$ ]] || die "delay: bad value '$us'"
  gluster_cli volume stop "$VOLUME" force >/dev/null
  DELAY_US=$us
  gluster_set_delay "$us"
  gluster_cli volume start "$VOLUME" >/dev/null
  wait_for "the gluster brick to come back online" brick_online
  wait_for "the shared file system to answer again" timeout 5 stat "$(shared_dir)/."
  save_config
  write_env
  log "gluster metadata delay now ${us} us"
}

# --- accounting: strace on nodes, Gluster counters --------------------------------------------------

# Attaches strace -f to a node's slurmd: every job step launched on the node afterwards (slurmstepd,
# its tasks, their children) is traced. Output: $STATE/trace/NODE.strace.
trace_start_node() {
  local n=$1 pid
  pid=$(node_pid "$n")
  [[ -s $STATE/run/strace-$n.pid ]] && die "$n is traced already (trace-stop first)"
  rm -f "$STATE/trace/$n.strace"
  setsid strace -f -qq -y -s 256 -e trace="$STRACE_SET" -o "$STATE/trace/$n.strace" -p "$pid" \
    </dev/null >>"$STATE/log/strace-$n.out" 2>&1 &
  echo $! >"$STATE/run/strace-$n.pid"
}

traced() { [[ $(awk '/^TracerPid:/ { print $2 }' "/proc/$1/status") != 0 ]]; }

cmd_trace_start() {
  require_root
  load_config
  local n nodes=("$@")
  ((${#nodes[@]})) || mapfile -t nodes < <(node_names)
  for n in "${nodes[@]}"; do node_index "$n" >/dev/null; trace_start_node "$n"; done
  for n in "${nodes[@]}"; do wait_for "strace to attach to $n's slurmd" traced "$(node_pid "$n")"; done
  log "tracing ${nodes[*]} -> $STATE/trace/"
}

cmd_trace_stop() {
  require_root
  local f
  # SIGINT: strace detaches and flushes its output.
  for f in "$STATE"/run/strace-*.pid; do
    [[ -e $f ]] || continue
    kill -INT "$(<"$f")" 2>/dev/null || true
  done
  for f in "$STATE"/run/strace-*.pid; do [[ -e $f ]] && stop_pidfile "$f"; done
  log "tracing stopped; traces in $STATE/trace/"
}

# One line per process that made file-system calls under PREFIX:
#   NODE PID CALLS PROGRAM [ARGV...]
# then "total CALLS". A call counts when its path argument is under PREFIX or, for a relative or
# empty path, when its directory fd (decoded by strace -y) is. Threads are folded into their
# process, and each call is charged to the program the process ran at that moment (execve).
cmd_trace_count() {
  local prefix=${1:?trace-count PREFIX [TRACE_FILE...]}; shift
  prefix=${prefix%/}
  local files=("$@")
  ((${#files[@]})) || files=("$STATE"/trace/*.strace)
  [[ -e ${files[0]} ]] || die "no trace files (run trace-start / trace-stop first)"
  awk -v prefix="$prefix" -f "$(dirname "$SCRIPT")/trace-count.awk" "${files[@]}"
}

gluster_profile() { gluster_cli volume profile "$VOLUME" "$@"; }

# Brick-side counts of every file operation, all clients together: "FOP COUNT" lines.
cmd_fs_ops() {
  require_root
  case ${1:-show} in
    start) gluster_profile start >/dev/null; gluster_profile info clear >/dev/null ;;
    stop) gluster_profile stop >/dev/null ;;
    clear) gluster_profile info clear >/dev/null ;;
    show)
      gluster_profile info cumulative | awk '
        /^ *---/ { next }
        /^Interval/ { exit }
        NF >= 6 && $NF ~ /^[A-Z_]+$/ && $(NF-1) ~ /^[0-9]+$/ { n[$NF] += $(NF-1) }
        END { for (f in n) printf "%s %d\n", f, n[f] }' | sort ;;
    *) die "fs-ops start|show|clear|stop" ;;
  esac
}

main() {
  local cmd=${1:-} args=() a
  (($#)) && shift
  for a in "$@"; do
    if [[ $a == --force && ($cmd == up || $cmd == down) ]]; then FORCE=1; else args+=("$a"); fi
  done
  set -- "${args[@]}"
  case $cmd in
    up) cmd_up "$@" ;;
    down) require_root; acquire down; cmd_down; release ;;
    status) cmd_status ;;
    env) cmd_env ;;
    exec) cmd_exec "$@" ;;
    link-down) cmd_link down "$@" ;;
    link-up) cmd_link up "$@" ;;
    throttle) cmd_throttle "$@" ;;
    unthrottle) cmd_unthrottle "$@" ;;
    shm-size) cmd_shm_size "$@" ;;
    delay) cmd_delay "$@" ;;
    trace-start) cmd_trace_start "$@" ;;
    trace-stop) cmd_trace_stop ;;
    trace-count) cmd_trace_count "$@" ;;
    fs-ops) cmd_fs_ops "$@" ;;
    *) sed -n '2,/^set -euo/p' "$SCRIPT" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
}

main "$@"
