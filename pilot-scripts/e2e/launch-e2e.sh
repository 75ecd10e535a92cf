#!/usr/bin/env bash
# End-to-end test of launch on a real Slurm cluster (issue 5), part of the project's test command.
#  1. brings up the testbed: 4 Slurm nodes in network namespaces (own host name, own /dev/shm) and a
#     GlusterFS volume as the shared file system (pilot-scripts/testbed);
#  2. puts the e2e application (2 jars, a JNI library with a DT_NEEDED dependency) and a real one
#     (Nashorn: 6 jars from Maven Central, fetched by compat-tests) on the volume;
#  3. sbatch pilot.sbatch at 4 ranks on one node; sbatch read-cache.sbatch at 16 ranks over 4 nodes,
#     with strace over every node's slurmd; checks every rank's output, the report (4 nodes ready,
#     no misses) and that nothing but launch and the one root agent touched the application folder;
#     then ranks that run more than the pilot did: misses counted and named, served from the
#     node-local class-path copies, the shared folder untouched;
#  4. the same through mpirun (Open MPI) across the 4 nodes inside an allocation and on loopback,
#     through mpiexec (MPICH's Hydra) across the 4 nodes, and through the local launcher; the JDK
#     itself from the cache (a JDK on the volume, --runtime auto), traced;
#  5. tears everything down, also on failure.
# Prints "ok - ..." / "FAIL - ..." per check and a closing "N passed, N failed"; exit 0 only if all passed.
set -uo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$root/pilot-scripts/e2e/lib.sh"
testbed_up launch-e2e
app=$FANLOAD_TESTBED_SHARED/app
work=$FANLOAD_TESTBED_SHARED/work
mkdir -p "$app" "$work"
rm -rf "$work/agent-cds"
"$root/pilot-scripts/e2e/app/build.sh" "$app"
app_cp="$app/e2e.jar:$app/plugin.jar"
app_opts="-Djava.library.path=$app/lib"
cache=$work/e2e.fanload

# One line per rank, as the plain application prints it.
expected_lines() {
  local n=$1 k
  for ((k = 0; k < n; k++)); do echo "rank $k: first-plugin message from the e2e jar native=42 absent=true"; done | sort
}

# --- Slurm: the pilot --------------------------------------------------------------------------
# The agents' class archive in a fresh folder on the shared file system, as a home folder is.
export FANLOAD_HOME=$root APP_CP=$app_cp APP_MAIN=e2e.Main APP_JAVA_OPTS=$app_opts FANLOAD_CACHE=$cache \
  FANLOAD_AGENT_CDS=$work/agent-cds
sbatch_wait "$work" 300 --nodes=1 --ntasks=4 -o "$work/pilot.out" -e "$work/pilot.err" \
  "$root/pilot-scripts/slurm/pilot.sbatch"
check "sbatch pilot.sbatch exits 0" [ $? -eq 0 ]
check "pilot: the archive is written" [ -s "$cache" ]
check "pilot: every rank's output is right" same_output 4 "$work/pilot.out"
check "pilot: launch made its own class archive (first job)" \
  grep -q "fanload: made launch's class archive for pilot jobs in .* $work/agent-cds/launch-" "$work/pilot.err"

# --- Slurm: read-cache at 16 ranks over 4 nodes, traced -------------------------------------------
"$tb" trace-start >/dev/null
FANLOAD_REPORT=$work/slurm.json sbatch_wait "$work" 300 --nodes=4 --ntasks-per-node=4 \
  -o "$work/slurm.out" -e "$work/slurm.err" "$root/pilot-scripts/slurm/read-cache.sbatch"
status=$?
"$tb" trace-stop >/dev/null
check "sbatch read-cache.sbatch exits 0" [ "$status" -eq 0 ]
check "read-cache: all 16 ranks' output is right" same_output 16 "$work/slurm.out"
check "read-cache: report says 4 nodes ready" nodes_ready "$work/slurm.json" 4
check "read-cache: report counts no misses" [ "$(json_field "$work/slurm.json" misses)" = 0 ]
check "read-cache: all 16 ranks started with the JVM cache the pilot trained" \
  [ "$(json_field "$work/slurm.json" jvmCacheRanks)" = 16 ]
check "read-cache: classes and natives came from the cache" \
  at_least "$(json_field "$work/slurm.json" nativesFromCache)" 16
check "read-cache: launch made the agents' class archive (first job)" \
  grep -q "fanload: made the agents' class archive in .* $work/agent-cds/agent-jdk" "$work/slurm.err"
"$tb" trace-count "$work/agent-cds" > "$work/trace-cds.txt" 2>&1
check "read-cache: the agents on all 4 nodes opened it (see $work/trace-cds.txt)" \
  [ "$(awk '$1 != "total" && $3 > 0 && /io\.fanload\.server\.agent\.AgentMain/ { print $1 }' "$work/trace-cds.txt" | sort -u | wc -l)" -eq 4 ]
"$tb" trace-count "$app" > "$work/trace.txt" 2>&1
# Every process that touched the application folder, other than launch (the coordinator: archive
# header and trailer, one stat per source) and the one agent that read the archive.
others=$(awk '$1 != "total" && $3 > 0' "$work/trace.txt" | grep -v -e 'io.fanload.launch.LaunchCommand' \
  -e 'io.fanload.server.agent.AgentMain' || true)
check "trace: no rank and no other process touched $app (see $work/trace.txt)" [ -z "$others" ]
"$tb" trace-count "$cache" > "$work/trace-archive.txt" 2>&1
readers=$(awk '$1 != "total" && $3 > 0' "$work/trace-archive.txt" | grep -v 'io.fanload.launch.LaunchCommand' || true)
check "trace: the archive was read by one process, the root agent (see $work/trace-archive.txt)" \
  bash -c "[ \$(printf '%s\n' \"$readers\" | grep -c .) -eq 1 ] && printf '%s' \"$readers\" | grep -q AgentMain"
check "read-cache: node-local folders removed on every node" empty_shm
echo "# file-system calls under the application folder during the read-cache step:"
sed 's/^/#   /' "$work/trace.txt" | cut -c1-160 | head -n 12
echo "# ... and on the archive:"
sed 's/^/#   /' "$work/trace-archive.txt" | cut -c1-160 | head -n 12

# --- Slurm: a real application, Nashorn (6 jars), pilot then read-cache at 16 ranks, traced -----
apps=$root/compat-tests/target/apps
nashorn=$FANLOAD_TESTBED_SHARED/nashorn
mkdir -p "$nashorn"
nashorn_cp=""
for jar in nashorn-core asm-7 asm-commons asm-tree asm-util asm-analysis; do
  found=""
  for f in "$apps"/"$jar"*.jar; do [ -f "$f" ] && found=$f && break; done
  [ -n "$found" ] && cp "$found" "$nashorn/" && nashorn_cp+="${nashorn_cp:+:}$nashorn/$(basename "$found")"
done
check "nashorn: 6 jars from compat-tests/target/apps on the shared file system" \
  [ "$(tr ':' '\n' <<< "$nashorn_cp" | grep -c .)" -eq 6 ]
printf '%s\n' "var list = [3, 1, 2].sort();" "print('nashorn ' + (6 * 7) + ' ' + list.join(',') + ' ' + java.lang.Math.max(4, 9));" \
  > "$work/script.js"
# Every rank printed the script's line, and nothing that fanload causes (its own messages, the CDS
# warning about java.system.class.loader) reached stdout. Other lines (a JVM's own unified-logging
# warning under memory or thread pressure, which the plain run would print too) are shown, not failed.
nashorn_lines() {
  local good others
  good=$(grep -c '^nashorn 42 1,2,3 9$' "$2")
  others=$(grep -v -e '^nashorn 42 1,2,3 9$' -e '^$' "$2" | head -n 8)
  [ -n "$others" ] && printf '%s\n' "$others" | sed 's/^/#   other output: /'
  if [ "$good" -ne "$1" ]; then
    echo "#   $good of $1 ranks printed the script's line; stderr begins:"
    head -n 8 "${2%.out}.err" 2>/dev/null | sed 's/^/#   /'
    return 1
  fi
  ! grep -qi -e 'fanload' -e 'java.system.class.loader' -e '\[cds\]' -e '\[aot\]' "$2"
}
APP_CP=$nashorn_cp APP_MAIN=org.openjdk.nashorn.tools.Shell APP_JAVA_OPTS='' FANLOAD_CACHE=$work/nashorn.fanload \
  sbatch_wait "$work" 300 --nodes=1 --ntasks=4 -o "$work/nashorn-pilot.out" -e "$work/nashorn-pilot.err" \
  "$root/pilot-scripts/slurm/pilot.sbatch" "$work/script.js"
check "nashorn: sbatch pilot.sbatch exits 0" [ $? -eq 0 ]
check "nashorn: the pilot wrote the archive" [ -s "$work/nashorn.fanload" ]
check "nashorn: every pilot rank's output is right" nashorn_lines 4 "$work/nashorn-pilot.out"
# Nashorn from nashorn.fanload at 16 ranks over 4 nodes, traced: nashorn_served NAME SCRIPT
# leaves $work/NAME.{out,err,json} and the step's status in $status.
nashorn_served() {
  "$tb" trace-start >/dev/null
  APP_CP=$nashorn_cp APP_MAIN=org.openjdk.nashorn.tools.Shell APP_JAVA_OPTS='' FANLOAD_CACHE=$work/nashorn.fanload \
    FANLOAD_REPORT=$work/$1.json sbatch_wait "$work" 300 --nodes=4 --ntasks-per-node=4 \
    -o "$work/$1.out" -e "$work/$1.err" "$root/pilot-scripts/slurm/read-cache.sbatch" "$2"
  status=$?
  "$tb" trace-stop >/dev/null
}
nashorn_served nashorn "$work/script.js"
check "nashorn: sbatch read-cache.sbatch exits 0" [ "$status" -eq 0 ]
check "nashorn: the second job reuses the agents' class archive" \
  bash -c "! grep -q -e 'class archive' '$work/nashorn.err'"
check "nashorn: all 16 ranks' output is right" nashorn_lines 16 "$work/nashorn.out"
check "nashorn: report says 4 nodes ready and no misses" ready_without_misses "$work/nashorn.json" -eq 4
"$tb" trace-count "$nashorn" > "$work/nashorn-trace.txt" 2>&1
others=$(awk '$1 != "total" && $3 > 0' "$work/nashorn-trace.txt" | grep -v -e 'io.fanload.launch.LaunchCommand' || true)
check "nashorn trace: no rank and no agent touched the 6 jars' folder (see $work/nashorn-trace.txt)" [ -z "$others" ]
echo "# nashorn: file-system calls under its folder during the read-cache step (launch's stat per source only):"
sed 's/^/#   /' "$work/nashorn-trace.txt" | cut -c1-160 | head -n 6

# --- Slurm: served ranks that run more than the pilot did: misses served from node-local copies --
# The pilot ran script.js; these ranks run a script that needs classes and resources the pilot
# never loaded. Each such load is a miss, answered from the node's copy of the class path, never
# from the shared file system (strace over every node's slurmd).
printf '%s\n' "var m = new java.util.TreeMap(); m.put('b', 2); m.put('a', 1);" \
  "var s = JSON.stringify({k: [1, 2], t: 'x'});" \
  "print('nashorn-more ' + m + ' ' + s + ' ' + 'a-b-c'.replace(/-/g, '+') + ' ' + java.lang.String.format('%05d', 42));" \
  > "$work/more.js"
more_expected=$(cd "$work" && java -cp "$nashorn_cp" org.openjdk.nashorn.tools.Shell more.js 2>/dev/null)
more_lines() {
  [ -n "$more_expected" ] && [ "$(grep -cxF "$more_expected" "$2")" -eq "$1" ] && return 0
  echo "#   expected $1 lines '$more_expected'; got:"; sort "$2" | uniq -c | head -n 5 | sed 's/^/#   /'
  return 1
}
nashorn_served more "$work/more.js"
check "misses: sbatch read-cache.sbatch of a larger script exits 0" [ "$status" -eq 0 ]
check "misses: all 16 ranks' output is what plain java prints" more_lines 16 "$work/more.out"
misses_node_local() {
  [ "$(json_field "$1" misses)" -gt 0 ] && [ "$(json_field "$1" sharedFsLoads)" = 0 ] \
    && [ -n "$(json_field "$1" mostMissed)" ]
}
check "misses: the report counts misses, names them, and no shared-file-system load" misses_node_local "$work/more.json"
check "misses: launch names the most missed loads" grep -q "fanload: most missed: " "$work/more.err"
"$tb" trace-count "$nashorn" > "$work/more-trace.txt" 2>&1
others=$(awk '$1 != "total" && $3 > 0' "$work/more-trace.txt" | grep -v -e 'io.fanload.launch.LaunchCommand' || true)
check "misses trace: no rank and no agent touched the 6 jars' folder (see $work/more-trace.txt)" [ -z "$others" ]

# --- Open MPI across the 4 nodes: launch --launcher mpirun inside an sbatch allocation -------
# Open MPI starts its daemons through srun, so ranks also carry a SLURM_PROCID (the daemon's):
# the rank numbers must come from Open MPI's own variables.
cat > "$work/mpi-nodes.sbatch" <<JOB
#!/bin/bash
#SBATCH --ntasks-per-node=4
exec "$launch" --quiet --read-cache --launcher mpirun --cache "$cache" -n 16 --nodes 4 \\
  --launcher-arg=--allow-run-as-root --launcher-arg=--mca --launcher-arg=oob_tcp_if_include \\
  --launcher-arg=10.77.0.0/24 --launcher-arg=--mca --launcher-arg=btl_tcp_if_include --launcher-arg=10.77.0.0/24 \\
  --report "$work/mpi-nodes.json" -- java "$app_opts" -cp "$app_cp" e2e.Main
JOB
sbatch_wait "$work" 300 --nodes=4 -o "$work/mpi-nodes.out" -e "$work/mpi-nodes.err" "$work/mpi-nodes.sbatch"
check "mpirun across 4 nodes (sbatch): exits 0" [ $? -eq 0 ]
check "mpirun across 4 nodes: all 16 ranks' output is right" same_output 16 "$work/mpi-nodes.out"
check "mpirun across 4 nodes: report says 4 nodes ready and no misses" ready_without_misses "$work/mpi-nodes.json" -eq 4
check "mpirun across 4 nodes: node-local folders removed on every node" empty_shm

# --- MPICH's Hydra across the 4 nodes: launch --launcher mpiexec inside an sbatch allocation ---
# Hydra starts its proxies through srun and passes the batch host's whole environment: ranks are
# numbered by PMI_RANK (not the proxy's SLURM_PROCID) and agents name their node by its kernel.
cat > "$work/hydra-nodes.sbatch" <<JOB
#!/bin/bash
#SBATCH --ntasks-per-node=4
exec "$launch" --quiet --read-cache --launcher mpiexec --cache "$cache" -n 16 --nodes 4 \\
  --report "$work/hydra-nodes.json" -- java "$app_opts" -cp "$app_cp" e2e.Main
JOB
sbatch_wait "$work" 300 --nodes=4 -o "$work/hydra-nodes.out" -e "$work/hydra-nodes.err" "$work/hydra-nodes.sbatch"
check "mpiexec (Hydra) across 4 nodes (sbatch): exits 0" [ $? -eq 0 ]
check "mpiexec (Hydra) across 4 nodes: all 16 ranks' output is right" same_output 16 "$work/hydra-nodes.out"
check "mpiexec (Hydra) across 4 nodes: report says 4 nodes ready and no misses" \
  ready_without_misses "$work/hydra-nodes.json" -eq 4
check "mpiexec (Hydra) across 4 nodes: node-local folders removed on every node" empty_shm

# --- The runtime from the cache: a JDK on the shared file system (--runtime auto) -------------------
# A site's JDK module on the parallel file system, as a copy of ours on the Gluster volume (links
# followed, development files left out). The pilot's auto choice sees fuse.glusterfs and carries it;
# served ranks run their node's copy, and nothing but launch touches the shared JDK.
jdk=$FANLOAD_TESTBED_SHARED/jdk
rm -rf "$jdk" && mkdir -p "$jdk"
(cd "$JAVA_HOME" && tar -ch --exclude=./jmods --exclude=./man --exclude=./legal --exclude=./include \
  --exclude=./docs --exclude=./lib/src.zip -f - .) | tar -x -C "$jdk"
cat > "$work/rt-pilot.sbatch" <<JOB
#!/bin/bash
exec "$launch" --pilot --cache "$work/rt.fanload" -n 2 -- "$jdk/bin/java" "$app_opts" -cp "$app_cp" e2e.Main
JOB
sbatch_wait "$work" 300 --nodes=1 --ntasks=2 -o "$work/rt-pilot.out" -e "$work/rt-pilot.err" "$work/rt-pilot.sbatch"
check "runtime: pilot with the JDK on the shared file system exits 0" [ $? -eq 0 ]
check "runtime: --runtime auto carried the JDK it found on fuse.glusterfs" \
  grep -q "runtime: the archive carries $jdk (on fuse.glusterfs" "$work/rt-pilot.err"
cat > "$work/rt-read.sbatch" <<JOB
#!/bin/bash
#SBATCH --ntasks-per-node=2
exec "$launch" --quiet --read-cache --cache "$work/rt.fanload" -n 8 --nodes 4 --report "$work/rt.json" \\
  -- "$jdk/bin/java" "$app_opts" -cp "$app_cp" e2e.Main
JOB
"$tb" trace-start >/dev/null
sbatch_wait "$work" 300 --nodes=4 -o "$work/rt.out" -e "$work/rt.err" "$work/rt-read.sbatch"
status=$?
"$tb" trace-stop >/dev/null
check "runtime: read-cache exits 0" [ "$status" -eq 0 ]
check "runtime: all 8 ranks' output is right" same_output 8 "$work/rt.out"
runtime_served() { [ "$(json_field "$1" runtimeFromCache)" = true ] && ready_without_misses "$1" -eq 4; }
check "runtime: every rank ran its node's copy of the JDK, 4 nodes ready, no misses" runtime_served "$work/rt.json"
"$tb" trace-count "$jdk" > "$work/rt-trace.txt" 2>&1
others=$(awk '$1 != "total" && $3 > 0' "$work/rt-trace.txt" \
  | grep -v -e 'io.fanload.launch.LaunchCommand' -e '-XshowSettings:properties' || true)
check "runtime trace: no rank and no agent touched the shared JDK (see $work/rt-trace.txt)" [ -z "$others" ]
rm -rf "$jdk"

# --- Open MPI (loopback) and the local launcher ----------------------------------------------
export OMPI_MCA_oob_tcp_if_include=lo OMPI_MCA_btl_tcp_if_include=lo OMPI_MCA_btl=self,tcp
(cd "$work" && timeout 300 "$launch" --quiet --read-cache --launcher mpirun --launcher-arg=--allow-run-as-root \
  --launcher-arg=--oversubscribe --coordinator-host 127.0.0.1 --cache "$cache" -n 4 --report "$work/mpi.json" \
  -- java "$app_opts" -cp "$app_cp" e2e.Main > "$work/mpi.out" 2> "$work/mpi.err")
check "mpirun: launch exits 0" [ $? -eq 0 ]
check "mpirun: all 4 ranks' output is right" same_output 4 "$work/mpi.out"
check "mpirun: report says 1 node ready and no misses" ready_without_misses "$work/mpi.json" -ge 1
(cd "$work" && timeout 300 "$launch" --quiet --read-cache --launcher local --cache "$cache" -n 8 --nodes 4 \
  --report "$work/local.json" -- java "$app_opts" -cp "$app_cp" e2e.Main > "$work/local.out" 2> "$work/local.err")
check "local: launch exits 0" [ $? -eq 0 ]
check "local: all 8 ranks' output is right" same_output 8 "$work/local.out"
check "local: report says 4 nodes ready and no misses" ready_without_misses "$work/local.json" -eq 4
