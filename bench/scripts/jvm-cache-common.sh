# shellcheck shell=bash
# Sourced by the JVM cache benchmarks (jvm-cache-ranks.sh, jvm-cache-archives.sh), whose command
# lines are alike: SCRIPT APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS].
# Checks the usage, then sets app (APP-DIR, absolute), rounds, launch (this checkout's), work (a
# temporary folder removed at exit), shifts the arguments to the java command and enters APP-DIR.
# Also defines now (the clock) and plain4 (the plain baseline). The caller must pass its arguments:
# source jvm-cache-common.sh "$@".
if [ $# -lt 4 ] || [ "$3" != -- ]; then
  echo "usage: $0 APP-DIR ROUNDS -- java [options] -cp CP MAIN [ARGS]" >&2
  exit 64
fi
app=$(cd "$1" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this one
rounds=$2
# shellcheck disable=SC2034
launch=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/pilot-scripts/bin/launch
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$app" || exit 66
now() { date +%s.%N; }
# The baseline of the rank benchmarks: four plain JVMs of COMMAND started together.
plain4() {
  local pids=() _
  for _ in 1 2 3 4; do "$@" >/dev/null 2>&1 & pids+=($!); done
  wait "${pids[@]}"
}
