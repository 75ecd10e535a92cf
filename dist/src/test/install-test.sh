#!/usr/bin/env bash
# The release as a site installs it: unpacks dist/target/fanload-VERSION.tar.gz into a temporary
# prefix, loads its Lmod module file with a real `module load`, then runs the README's demo from
# the installed tree only (pilot at 2 ranks, inspect, verify, read-cache at 4 ranks on 2 simulated
# nodes: real node agents started from the installed lib/), and checks the outputs.
# Needs: a built tarball (mvn package), JDK 17+ (java, javac, jar on PATH), Lmod (Debian: lmod).
# Usage: dist/src/test/install-test.sh [TARBALL]    About 20 s.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)
tarball=${1:-}
if [ -z "$tarball" ]; then
  tarball=$(find "$root/dist/target" -maxdepth 1 -name 'fanload-*.tar.gz' 2>/dev/null | head -n 1)
fi
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
  echo "install-test: no tarball; build it: mvn -B -q package -DskipTests" >&2
  exit 1
fi
lmod_init=${LMOD_INIT:-/usr/share/lmod/lmod/init/bash}
[ -r "$lmod_init" ] || { echo "install-test: Lmod not found ($lmod_init); Debian: apt-get install lmod" >&2; exit 1; }

fail() { echo "install-test: FAILED: $*" >&2; exit 1; }
prefix=$(mktemp -d /tmp/fanload-install-test.XXXXXX)
trap 'rm -rf "$prefix"' EXIT

echo "== unpack $(basename "$tarball") into $prefix"
tar -xzf "$tarball" -C "$prefix"
home=$(find "$prefix" -mindepth 1 -maxdepth 1 -type d -name 'fanload-*')
version=${home##*/fanload-}
[ -f "$home/LICENSE" ] || fail "no LICENSE"
[ -f "$home/share/man/man1/launch.1" ] || fail "no man page"
[ -f "$home/share/modulefiles/fanload/$version.lua" ] || fail "no module file for $version"
if grep -rlI -- "$root" "$home" >/dev/null; then
  fail "the installed tree names the source checkout ($root): $(grep -rlI -- "$root" "$home" | head -n 3)"
fi

echo "== module load fanload"
# Lmod's init and module functions read unset variables: not under set -u.
set +u
# shellcheck disable=SC1090  # Lmod's init script, at a path only known here
source "$lmod_init"
module use "$home/share/modulefiles"
module load fanload
set -u
[ "${FANLOAD_HOME:-}" = "$home" ] || fail "FANLOAD_HOME is '${FANLOAD_HOME:-}', not $home"
[ "$(command -v launch)" = "$home/bin/launch" ] || fail "launch on PATH is $(command -v launch)"
version_line=$(launch --version | head -n 1)
echo "$version_line"
[[ $version_line == "fanload $version (commit "*")" ]] || fail "launch --version: $version_line"
fanload-cache --version >/dev/null || fail "fanload-cache --version"
if command -v man >/dev/null; then
  [ "$(man -w launch)" = "$home/share/man/man1/launch.1" ] || fail "man launch finds $(man -w launch 2>&1)"
fi

echo "== the demo application, built from the installed sources"
work=$prefix/work
mkdir -p "$work/classes"
javac -d "$work/classes" "$home"/share/fanload/demo/src/demo/*.java
cp -r "$home"/share/fanload/demo/resources/. "$work/classes/"
jar --create --file "$work/demo.jar" -C "$work/classes" .
cd "$work"

echo "== pilot"
launch --pilot --cache demo.fanload -n 2 --report pilot.json -- java -cp demo.jar demo.Main world > pilot.out
[ "$(grep -c 'hello, world' pilot.out)" -ge 2 ] || fail "pilot ranks' output: $(cat pilot.out)"
[ -s demo.fanload ] || fail "no archive written"

echo "== inspect and verify"
launch --inspect demo.fanload > inspect.out
grep -q 'demo/Main.class' inspect.out || fail "inspect does not list demo/Main.class"
launch --verify demo.fanload || fail "verify"

echo "== read-cache: 4 ranks on 2 simulated nodes (real agents from $home/lib)"
launch --read-cache --cache demo.fanload -n 4 --nodes 2 --local-dir "$work" --report run.json \
  -- java -cp demo.jar demo.Main world > run.out 2> run.err || fail "read-cache: $(cat run.err)"
[ "$(grep -c 'hello, world' run.out)" -eq 4 ] || fail "ranks' output: $(cat run.out)"
python3 - run.json <<'PY' || fail "report: $(cat run.json)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["mode"] == "read-cache" and r["exitCode"] == 0, r
assert r["classesFromCache"] > 0 and r["fallbackRanks"] == 0, r
assert all(n["status"] == "READY" for n in r["nodeStatus"].values()) and len(r["nodeStatus"]) == 2, r
PY

echo "== errors: say what and where, with fanload's own statuses"
status=0
launch --read-cache --cache "$work/none.fanload" -n 2 -- java -cp demo.jar demo.Main 2> missing.err || status=$?
[ "$status" -eq 66 ] || fail "a missing archive exits $status, not 66"
grep -q "no such archive: $work/none.fanload" missing.err || fail "missing archive: $(cat missing.err)"

echo "install-test: OK ($home)"
