# Shared by the end-to-end scripts (launch-e2e.sh, faults-e2e.sh): sourced, not run.
# Expects $root (the checkout); sets $tb, $launch, the counters and the EXIT trap.
# Each script defines expected_lines N (the sorted lines N ranks print).
tb=$root/pilot-scripts/testbed/testbed.sh
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
json_number() { grep -o "\"$2\": [0-9.]*" "$1" | head -n 1 | awk '{ print $2 }'; }
nodes_ready() { [ "$(grep -c '"status": "READY"' "$1")" -eq "$2" ]; }
at_least() { [ -n "$1" ] && awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
empty_shm() {
  local k
  for k in 1 2 3 4; do
    [ -z "$("$tb" exec "n$k" -- sh -c 'ls /dev/shm' 2>/dev/null)" ] || return 1
  done
}
