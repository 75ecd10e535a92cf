#!/usr/bin/env bash
# Installs (apt, Debian 12) everything the testbed needs: Slurm 22.05, GlusterFS, Open MPI,
# iproute2 (netns, bridge, tc), strace, psmisc, python3; shellcheck and Lmod for the test command.
# Idempotent: installs only what is missing, so a second run costs ~1 s. Needs root.
# Usage: install.sh [--check]   (--check: report, install nothing)
set -euo pipefail

# Binary packages, each with the commands we need from it (why it is here).
PACKAGES=(
  slurmctld      # slurmctld
  slurmd         # slurmd (MULTIPLE_SLURMD build: one daemon per node namespace)
  slurm-client   # srun, sbatch, squeue, scontrol, sinfo
  glusterfs-server  # glusterd, gluster CLI, bricks, debug/delay-gen translator
  glusterfs-client  # mount.glusterfs (FUSE client)
  openmpi-bin    # mpirun
  mpich          # mpiexec.hydra (MPICH's Hydra launcher; mpirun stays Open MPI's)
  iproute2       # ip netns/link/addr, tc
  strace         # file-system call accounting
  psmisc         # fuser (what still holds a mount at teardown)
  util-linux     # nsenter, unshare, mountpoint
  procps         # pkill-free process checks (ps)
  python3        # reads launch's JSON reports in the e2e scripts (pilot-scripts/e2e/lib.sh: json_field)
  shellcheck     # lints every shell script before the build (pilot-scripts/bin/test-all)
  lmod           # module load fanload: the release's module file (dist/src/test/install-test.sh)
)

log() { printf 'install: %s\n' "$*"; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

# Prints the packages that are not fully installed.
missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" != installed ]]; then
      printf '%s\n' "$p"
    fi
  done
}

# apt-get needs package lists; a bare machine (or a cleaned image) has none.
ensure_package_lists() {
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    log "no apt package lists: apt-get update"
    apt-get update -qq || die "apt-get update failed"
  fi
}

main() {
  local check=0
  case "${1:-}" in
    --check) check=1 ;;
    "") ;;
    *) die "usage: install.sh [--check]" ;;
  esac
  local -a missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    log "all ${#PACKAGES[@]} packages present"
    return 0
  fi
  if ((check)); then
    log "missing: ${missing[*]}"
    return 1
  fi
  [[ $(id -u) -eq 0 ]] || die "must run as root (apt-get install)"
  ensure_package_lists
  local start=$SECONDS
  log "installing: ${missing[*]}"
  # Package scripts must not start daemons: the testbed starts its own, by pid, in namespaces.
  # DEBIAN_FRONTEND keeps debconf from asking; -qq plus a log file keeps CI output short.
  local aptlog
  aptlog=$(mktemp /tmp/fanload-testbed-apt.XXXXXX)
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Use-Pty=0 "${missing[@]}" >"$aptlog" 2>&1; then
    # A stale package list gives 404s: refresh once and retry before giving up.
    log "install failed; apt-get update and one retry"
    apt-get update -qq || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Use-Pty=0 "${missing[@]}" >"$aptlog" 2>&1 \
      || { tail -n 30 "$aptlog" >&2; die "apt-get install failed (log: $aptlog)"; }
  fi
  rm -f "$aptlog"
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after install: ${missing[*]}"
  log "done in $((SECONDS - start)) s"
}

main "$@"
