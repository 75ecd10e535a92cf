# shellcheck shell=bash
# Shared by the end-to-end scripts (launch-e2e.sh, faults-e2e.sh) and testbed/smoke.sh: sourced, not run.
# Expects $root (the checkout); sets $tb, $launch and the counters; testbed_up sets the EXIT trap.
# Each e2e script defines expected_lines N (the sorted lines N ranks print).
# shellcheck disable=SC2154  # $root is the sourcing script's
tb=$root/pilot-scripts/testbed/testbed.sh
# shellcheck disable=SC2034  # used by the sourcing scripts
launch=$root/pilot-scripts/bin/launch
passed=0
failed=0

check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "FAIL - $name"; fi
}
finish() {
  "$tb" down >/dev/null 2>&1 || true
  echo "$passed passed, $failed failed"
  if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then exit 0; else exit 1; fi
}

# Brings the 4-node test bed up, owned by this script, torn down on exit; NAME is the script's name.
testbed_up() {
  local name=$1
  trap finish EXIT
  trap 'exit 1' INT TERM
  # This script owns the test bed while it is up (others wait their turn: docs/TESTBED.md).
  export FANLOAD_TESTBED_OWNER=$$
  [ -f "$root/launch/target/lib/picocli-4.7.7.jar" ] || { echo "$name: build fanload first (mvn package)"; exit 1; }
  "$tb" up --nodes 4 || { failed=$((failed + 1)); echo "FAIL - testbed up"; exit 1; }
  # shellcheck disable=SC1090
  source <("$tb" env)
}

same_output() {
  diff <(expected_lines "$1") <(grep '^rank ' "$2" | sort) >/dev/null && return 0
  diff <(expected_lines "$1") <(grep '^rank ' "$2" | sort) | head -n 8 | sed 's/^/#   /'
  return 1
}
# json_field FILE KEY...: the value at KEY... in a JSON file (launch's --report), the one way these
# scripts read JSON: a number or a string as it is, an object's keys or an array's items one per line.
# Status 1 when a key is missing, 2 when the file is missing or not JSON (nothing printed either way).
# python3 (install.sh): grep and sed cannot tell a top-level key from one nested below it.
json_field() {
  python3 -c 'import json, sys
try:
    with open(sys.argv[1]) as f:
        v = json.load(f)
except (OSError, ValueError):
    sys.exit(2)
for key in sys.argv[2:]:
    if not isinstance(v, dict) or key not in v:
        sys.exit(1)
    v = v[key]
for item in v if isinstance(v, (dict, list)) else [v]:
    print(item if isinstance(item, (str, int, float)) and not isinstance(item, bool) else json.dumps(item))' "$@" 2>/dev/null
}
# How many nodes the report says are READY; nothing without a report (so that no count compares true).
ready_nodes() {
  local n count=0
  json_field "$1" >/dev/null || return 1
  for n in $(json_field "$1" nodeStatus); do
    [ "$(json_field "$1" nodeStatus "$n" status)" = READY ] && count=$((count + 1))
  done
  echo "$count"
}
nodes_ready() { [ "$(ready_nodes "$1")" -eq "$2" ]; }
# ready_without_misses FILE TEST N: the count of READY nodes passes `[ COUNT TEST N ]` (-eq 4, -ge 1)
# and the report counts no misses.
ready_without_misses() { test "$(ready_nodes "$1")" "$2" "$3" && [ "$(json_field "$1" misses)" = 0 ]; }
at_least() { [ -n "$1" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
empty_shm() {
  local k
  for k in 1 2 3 4; do
    [ -z "$("$tb" exec "n$k" -- sh -c 'ls /dev/shm' 2>/dev/null)" ] || return 1
  done
}

# sbatch_wait DIR SECONDS SBATCH_ARGS...: submits a batch job from DIR and waits for it, at most
# SECONDS (then status 124, as timeout says); returns the job's status. On failure it prints, as "#"
# lines, the job's Slurm state and the end of its output and error files: the test bed, and with it
# slurmctld's record, is gone by the time anyone reads a CI log.
sbatch_wait() {
  local dir=$1 seconds=$2 out status job="" state="" f deadline=$((SECONDS + $2))
  shift 2
  # Submits, then polls the job's record itself, four times a second: `sbatch --wait` polls after 2 s
  # and then every 8 s (MinJobAge/2, testbed.sh), so a job of 11 s was seen to end at 18 s, minutes
  # over the e2e suites' jobs. --parsable prints "JOBID" or "JOBID;CLUSTER".
  if out=$(cd "$dir" && timeout "$seconds" sbatch --parsable "$@"); then
    job=${out%%[;$'\n']*}
    status=124
    while [ $SECONDS -lt $deadline ]; do
      if job_ended "$job"; then status=$ended_status; break; fi
      sleep 0.25
    done
  else
    status=$?
  fi
  [ "$status" -eq 0 ] && return 0
  echo "#   sbatch $* (in $dir): status $status${job:+, job $job}"
  if [ -n "$job" ]; then
    state=$(scontrol show job -o "$job" 2>/dev/null) || state=""
    if [ -n "$state" ]; then
      echo "#   slurm: $(grep -oE '(JobState|Reason|ExitCode|NodeList)=[^ ]*' <<<"$state" | paste -sd' ' -)"
    else
      echo "#   slurm: no record of job $job any more (MinJobAge)"
    fi
  fi
  while IFS= read -r f; do
    f=${f//%j/$job}
    if [ -f "$f" ]; then tail -n 20 "$f" | sed "s|^|#   ${f##*/}: |"; fi
  done < <({
    sbatch_output_files "$dir" "$@"
    grep -oE 'Std(Out|Err)=[^ ]+' <<<"$state" | cut -d= -f2- || true
    if [ -n "$job" ]; then echo "$dir/slurm-$job.out"; fi
  } | sort -u)
  return "$status"
}
# job_ended JOB: true once the job's record says it ended and nothing of it is completing on its
# nodes, with its status, as `sbatch --wait` gives it, in ended_status: 0 when it completed, its
# script's exit status when it failed, 1 when a signal or Slurm ended it. False while it is pending,
# running or completing, or while slurmctld does not answer (the record is kept MinJobAge, 16 s).
job_ended() {
  local record code
  record=$(scontrol show job -o "$1" 2>/dev/null) || return 1
  case $(grep -oE 'JobState=[A-Z_]+' <<<"$record") in
    JobState=COMPLETED) ended_status=0 ;;
    JobState=FAILED|JobState=CANCELLED|JobState=TIMEOUT|JobState=NODE_FAIL|JobState=PREEMPTED|JobState=BOOT_FAIL\
      |JobState=DEADLINE|JobState=OUT_OF_MEMORY)
      code=$(grep -oE 'ExitCode=[0-9]+:[0-9]+' <<<"$record" | head -n 1)
      code=${code#ExitCode=}
      if [ -n "$code" ] && [ "${code#*:}" = 0 ] && [ "${code%%:*}" != 0 ]; then ended_status=${code%%:*}; else ended_status=1; fi ;;
    *) return 1 ;;
  esac
}
# The -o and -e files named in sbatch's arguments (relative ones under DIR), one per line.
sbatch_output_files() {
  local dir=$1 f
  shift
  while [ $# -gt 0 ]; do
    f=""
    case $1 in
      -o|-e|--output|--error) f=${2:-}; shift ;;
      --output=*|--error=*) f=${1#*=} ;;
    esac
    shift
    case $f in
      "") ;;
      /*) echo "$f" ;;
      *) echo "$dir/$f" ;;
    esac
  done
}
