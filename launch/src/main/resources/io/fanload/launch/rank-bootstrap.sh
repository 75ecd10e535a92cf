# shellcheck shell=bash
# fanload rank bootstrap, run by every launcher (srun, mpirun, mpiexec, aprun, local) as:
# bash -c "<this text>" fanload-rank SERVE... [--fanload-jvm-cache-- JVMCACHE...] --fanload-plain-- PLAIN...
# Passed inline (not as a file) so that nothing a rank runs before its JVM touches the shared file system.
# Environment (set by launch): FANLOAD_NODE_DIR (node-local folder), FANLOAD_AGENT (agent command, words
# separated by unit separators), FANLOAD_WAIT_SECONDS, FANLOAD_SERVE_LD_LIBRARY_PATH,
# FANLOAD_STRICT, FANLOAD_JVM_CACHE_LINK and FANLOAD_JDK_HOME (optional); FANLOAD_COORDINATOR and
# FANLOAD_SECRET are for the agent only. The local launcher numbers its ranks with FANLOAD_RANK. A
# rank's counters and failing status stay on the node (FANLOAD_COUNTERS_DIR, set below): its agent
# sums them and reports to launch.
set -u
dir=$FANLOAD_NODE_DIR
# The script's own commands (mkdir, mv, cat, awk, ...) from the system's folders first: a lookup tries
# every PATH folder ahead of the one that has the command, and module systems put theirs (fanload's
# bin/ among them) ahead, on the shared file system: 14 lookups per such folder per rank. The rank's
# JVM, the plain command and the agent get the user's PATH, unchanged.
user_path=$PATH
PATH=/usr/bin:/bin:$PATH
# Waits without a process: `sleep 0.05` forks, and 32 ranks waiting on the test bed's 2 cores spent
# 1.6 ms of CPU per nap, about a core, while the agents needed it. A read with a timeout on a pipe
# this shell holds both ends of returns only at its timeout. Children never inherit the pipe.
exec {nap_fd}<> <(:)
nap() { read -r -t "$1" -u "$nap_fd" _; }
# The MPI launchers' variables before Slurm's: mpirun and Hydra's mpiexec inside a Slurm allocation
# start their daemons with srun, so their ranks also carry a SLURM_PROCID (the daemon's). Same order
# as the loader's (LoaderSettings).
rank=${FANLOAD_RANK:-${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${PMI_RANK:-${SLURM_PROCID:-${ALPS_APP_PE:-0}}}}}}
serve=(); jvm_cache=(); plain=(); part=serve
for word in "$@"; do
  if [ "$word" = --fanload-jvm-cache-- ]; then part=jvm_cache; continue; fi
  if [ "$word" = --fanload-plain-- ]; then part=plain; continue; fi
  case $part in
    serve) serve+=("$word") ;;
    jvm_cache) jvm_cache+=("$word") ;;
    *) plain+=("$word") ;;
  esac
done
# A served rank started with the pilot-trained JVM cache runs the JDK's own class loader, so its
# counters come from the JVM's log of class and library loads (node-local). As with the loader, a
# class the pilot never loaded is a miss (named; the node folder lists the pilot's classes), answered
# from the node's copies when it is there, else a shared-file-system load; a class the pilot loaded
# but the JDK could not put into the cache (class files older than Java 6) is served by the copies.
# The JVM refused the cache only when no class at all came from it: one that holds none of the
# application's classes (all of them signed or older than Java 6: LuaJ, BeanShell, Janino) still
# gives the JDK's. Its classes are "shared objects file (top)" for a dynamic archive, whose base
# archive the JVM maps even when it refuses the top; an AOT cache replaces the base archive.
count_jvm_cache_loads() {
  local names=$dir/jvm-cache.names
  [ -f "$names" ] || names=/dev/null
  local from_cache='^shared objects file \\(top\\)'
  [[ " ${serve[*]} " == *" -XX:AOTCache="* ]] && from_cache='^shared objects file'
  awk -v node="$dir" -v link="$FANLOAD_JVM_CACHE_LINK" -v jdk="${FANLOAD_JDK_HOME:-/nonexistent}" -v rank="$rank" \
      -v names="$names" -v from_cache="$from_cache" '
    function miss(what) { if (misses < 20) missed[misses + 0] = what; misses++ }
    # Named as the loader names its misses (a/b/C.class), so that a job whose ranks run both ways
    # sums each class once in the report, not once per spelling.
    function class_file(n) { gsub(/\./, "/", n); return n ".class" }
    FILENAME == names { pilot[$0] = 1; next }
    function local_path(p) { return index(p, node "/") == 1 || index(p, link "/") == 1 }
    / source: / { source = substr($0, index($0, " source: ") + 9); name = $1; if (source ~ from_cache) mapped = 1; next }
    /^ klass: / && /AppClassLoader/ {
      if (source ~ /^shared objects file/) { jvm++; served++ }
      else if (source ~ /^file:/ && local_path(substr(source, 6))) { served++; if (!(name in pilot)) miss(class_file(name)) }
      else if (source ~ /^(file|jar):/) { shared++; miss(class_file(name)) }
      next }
    /^Loaded library \// { path = $3; sub(/,$/, "", path)
      if (index(path, node "/cp" jdk "/") == 1 || index(path, link "/cp" jdk "/") == 1) next
      # the operating system libraries (libz of a JNI library, say): node-local, left out as the loader does
      if (path ~ /^\/(usr\/)?lib(64)?\//) next
      if (local_path(path)) natives++
      else if (index(path, jdk "/") != 1) { shared++; miss(path) } }
    END {
      printf "rank=%s\njvmCacheRanks=%d\njvmCacheRefused=%d\nclassesFromCache=%d\nclassesFromJvmCache=%d\n", rank, (mapped || jvm > 0), !(mapped || jvm > 0), served, jvm
      printf "nativesFromCache=%d\nmisses=%d\nsharedFsLoads=%d\n", natives, misses, shared
      for (i = 0; i < misses && i < 20; i++) printf "missed.%d=%s\n", i, missed[i] }' "$names" "$@"
}
# The first rank on a node to create the lock folder starts the node's agent (mkdir is atomic on
# the node-local file system); its output goes to a log, never into the rank's. The folder holds this
# run's token (FANLOAD_RUN) once the election is done: a folder of the same name without it, older
# than 5 s, is a leftover of an earlier attempt (same job id and pid) and never trusted: one rank at a
# time (a lock named after this run) renames it away and removes it with the stale image, and the
# election starts again. The winner removes any stale image before it writes the token, so no rank
# ever sees a stale READY. The agent's pid goes into the folder, so that every rank sees at once
# when the agent dies without a verdict.
agent_pid=""
unusable=""
run=${FANLOAD_RUN:-}
for ((tries = 0; ; tries++)); do
  if mkdir "$dir.agent" 2>/dev/null; then
    rm -rf "$dir"
    IFS=$'\x1f' read -r -a agent <<< "$FANLOAD_AGENT"
    # A subshell that closes every descriptor beyond 0-2 and becomes the agent: the nap pipe, and
    # what the launcher gave the rank (MPICH's Hydra waits for its PMI socket, PMI_FD, to close before
    # it ends the step; the agent outlives the rank). (`cmd {fd}<&-` leaves bash's saved copy open.)
    (for fd in /proc/"$BASHPID"/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd<&-" 2>/dev/null; done
     setsid=$(type -P setsid); PATH=$user_path
     exec "$setsid" "${agent[@]}" </dev/null >>"$dir.agent/agent.log" 2>&1) &
    agent_pid=$!
    echo "$agent_pid" > "$dir.agent/pid.tmp" && mv -f "$dir.agent/pid.tmp" "$dir.agent/pid"
    echo "$run" > "$dir.agent/run.tmp" && mv -f "$dir.agent/run.tmp" "$dir.agent/run"
    break
  elif [ ! -d "$dir.agent" ]; then
    # Not "already there" but unusable (read-only, full, no such folder): no agent can run here.
    unusable="cannot use the node-local folder: $(mkdir "$dir.agent" 2>&1 | head -c 300)"
    break
  fi
  [ "$(cat "$dir.agent/run" 2>/dev/null)" = "$run" ] && break
  if [ "$tries" -ge 400 ]; then
    unusable="$dir.agent belongs to another run and could not be replaced"
    break
  fi
  if mkdir "$dir.agent-clean-$run" 2>/dev/null; then
    age=$(( $(date +%s) - $(stat -c %Y "$dir.agent" 2>/dev/null || date +%s) ))
    if [ "$(cat "$dir.agent/run" 2>/dev/null)" != "$run" ] && [ "$age" -ge 5 ] \
        && mv -T "$dir.agent" "$dir.agent.stale.$$" 2>/dev/null; then
      rm -rf "$dir" "$dir.agent.stale.$$"
      echo "fanload: rank $rank: removed a stale node-local folder $dir from an earlier attempt" >&2
    fi
    rmdir "$dir.agent-clean-$run"
  fi
  nap 0.05
done
# Register while this rank may use the image: an agent that lost its coordinator removes the folder
# only when every registered rank's shell has exited, and the agent reports its ranks' counters once
# none is left. Counters and a failing status go to the agent's folder on the node, never to the
# shared file system (thousands of files in one folder at job exit); no agent, no counters.
FANLOAD_COUNTERS_DIR=""
if [ -z "$unusable" ]; then
  mkdir -p "$dir.agent/ranks" "$dir.agent/counters" 2>/dev/null && echo "$$" > "$dir.agent/ranks/$rank" 2>/dev/null \
    && FANLOAD_COUNTERS_DIR=$dir.agent/counters
fi
# Wait, bounded, for the node's image (READY) or the agent's fallback verdict; once a second, check
# that the agent still runs (killed, e.g. by the OOM killer, it leaves no verdict).
ticks=0
limit=$(( FANLOAD_WAIT_SECONDS * 20 ))
while [ -z "$unusable" ] && [ ! -e "$dir/READY" ] && [ ! -e "$dir.agent/FALLBACK" ] && [ "$ticks" -lt "$limit" ]; do
  nap 0.05
  ticks=$(( ticks + 1 ))
  if [ $(( ticks % 20 )) -eq 0 ] && [ -s "$dir.agent/pid" ]; then
    pid=$(cat "$dir.agent/pid" 2>/dev/null)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && [ ! -e "$dir/READY" ] && [ ! -e "$dir.agent/FALLBACK" ]; then
      unusable="the node's agent (pid $pid) ended without a verdict"
    fi
  fi
done
if [ -z "$unusable" ] && [ -e "$dir/READY" ]; then
  # With the trained JVM cache where this node's folder holds its link (another job of the same
  # archive on this node may hold it: then fanload's loader); else the loader.
  jvm_cache_wanted=""; loads=""
  if [ ${#jvm_cache[@]} -gt 0 ]; then
    holder=$(readlink "$FANLOAD_JVM_CACHE_LINK" 2>/dev/null)
    if [ "$holder" = "$dir" ]; then serve=("${jvm_cache[@]}"); jvm_cache_wanted=used
    elif [ -n "$holder" ]; then jvm_cache_wanted=jvmCacheLinkHeld
    else jvm_cache_wanted=jvmCacheNoLink; fi
  fi
  # This rank's counters file (or, with the JVM cache, the JVM's log of loads to count from) goes
  # just before the first "-cp", the JVM's: the user's JVM options hold none, but the
  # application's arguments may (kotlinc -cp LIB, javac-like tools). (The loader reads the rank
  # number from the launcher's variables itself.)
  extra=()
  counters=""
  if [ -n "$FANLOAD_COUNTERS_DIR" ]; then
    counters="$FANLOAD_COUNTERS_DIR/rank-$rank.properties"
    if [ "$jvm_cache_wanted" = used ]; then
      # One log per JVM (%p: its pid): a JVM the rank starts with its own options (JMH's forks)
      # logs too, and into one file it truncated the rank's and wrote over it (NUL-filled holes).
      loads="$dir/tmp/fanload-rank-$rank-"
      extra=("-Xlog:class+load=debug,library=info:file=$loads%p.loads:none:filecount=0")
    else
      extra=("-Dfanload.counters=$counters")
    fi
  fi
  command=()
  for word in "${serve[@]}"; do
    if [ "$word" = -cp ] && [ ${#extra[@]} -gt 0 ]; then command+=("${extra[@]}"); extra=(); fi
    command+=("$word")
  done
  # The node's copy of the runtime (--runtime) cannot run from a node-local folder mounted noexec:
  # the user's own java then, as the plain command names it.
  if [[ ${command[0]} == /* && ! -x ${command[0]} ]]; then command[0]=${plain[0]}; fi
  exec {nap_fd}<&-
  PATH=$user_path LD_LIBRARY_PATH=$FANLOAD_SERVE_LD_LIBRARY_PATH "${command[@]}"
  status=$?
  if [ -n "$counters" ] && [ -n "$loads" ]; then
    runtime_rank=0
    if [[ ${command[0]} == "$dir"/* || ${command[0]} == "$FANLOAD_JVM_CACHE_LINK"/* ]]; then runtime_rank=1; fi
    shopt -s nullglob
    logs=("$loads"*.loads)
    shopt -u nullglob
    { count_jvm_cache_loads "${logs[@]:-/dev/null}"; echo "runtimeRanks=$runtime_rank"; } > "$counters.tmp" && mv -f "$counters.tmp" "$counters"
    [ ${#logs[@]} -eq 0 ] || rm -f "${logs[@]}"
  elif [ -n "$counters" ] && [ -n "$jvm_cache_wanted" ] && [ -e "$counters" ]; then
    echo "$jvm_cache_wanted=1" >> "$counters"
  fi
else
  if [ -n "$unusable" ]; then
    why=$unusable
  elif [ -e "$dir.agent/FALLBACK" ]; then
    why=$(head -c 300 "$dir.agent/FALLBACK")
  else
    why="node not ready after $FANLOAD_WAIT_SECONDS s"
  fi
  exec {nap_fd}<&-
  if [ -n "${FANLOAD_STRICT:-}" ]; then
    # --strict: a rank that cannot be served fails (launch's exit 75) instead of loading the normal way.
    echo "fanload: rank $rank cannot be served: $why; --strict: stopping instead of loading the normal way" >&2
    status=75
  else
    # Said once per node and reason, not by every rank: a damaged archive or a full folder sends all
    # of a node's ranks (often every node's) the normal way for one reason, and 24,000 like lines
    # would bury the application's output; launch's summary counts the ranks and names the reasons.
    # A node whose folder cannot be written has no mark to leave: each of its ranks says it.
    mark=$dir.agent/said-$(printf '%s' "$why" | cksum | cut -d ' ' -f 1)
    if mkdir "$mark" 2>/dev/null || [ ! -d "$mark" ]; then
      echo "fanload: rank $rank loads the normal way: $why (said once for the node's ranks)" >&2
    fi
    # Counted as a fallback rank in launch's report (the plain JVM writes no counters of its own).
    if [ -n "$FANLOAD_COUNTERS_DIR" ]; then
      printf 'rank=%s\nfallback=true\n' "$rank" > "$FANLOAD_COUNTERS_DIR/rank-$rank.properties.tmp" \
        && mv -f "$FANLOAD_COUNTERS_DIR/rank-$rank.properties.tmp" "$FANLOAD_COUNTERS_DIR/rank-$rank.properties"
    fi
    PATH=$user_path "${plain[@]}"
    status=$?
  fi
fi
# A failing status goes with the counters, before the rank leaves the list its agent watches.
if [ "$status" -ne 0 ] && [ -n "$FANLOAD_COUNTERS_DIR" ]; then
  echo "$status" > "$FANLOAD_COUNTERS_DIR/rank-$rank.status.tmp" \
    && mv -f "$FANLOAD_COUNTERS_DIR/rank-$rank.status.tmp" "$FANLOAD_COUNTERS_DIR/rank-$rank.status"
fi
rm -f "$dir.agent/ranks/$rank"
# The node's last rank waits, bounded, until its agent sent the node's report (it marks each rank it
# covered in sent/): a launcher may kill what is left of a step, the agent too, once its last rank ended.
shopt -s nullglob
left=("$dir.agent/ranks"/*)
shopt -u nullglob
if [ -n "$FANLOAD_COUNTERS_DIR" ] && [ "${#left[@]}" -eq 0 ]; then
  exec {nap_fd}<> <(:)
  pid=$(cat "$dir.agent/pid" 2>/dev/null)
  for ((ticks = 0; ticks < ${FANLOAD_REPORT_WAIT_SECONDS:-10} * 20; ticks++)); do
    [ -e "$dir.agent/sent/$rank" ] && break
    if [ $(( ticks % 20 )) -eq 0 ] && { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; }; then break; fi
    nap 0.05
  done
  exec {nap_fd}<&-
fi
# Removes the node's folders in the agent's stead, and the trained JVM cache's link when it leads
# to this folder (the agent's own clean-up releases it the same way).
remove_node_folders() {
  if [ -n "${FANLOAD_JVM_CACHE_LINK:-}" ] && [ "$(readlink "$FANLOAD_JVM_CACHE_LINK" 2>/dev/null)" = "$dir" ]; then
    rm -f "$FANLOAD_JVM_CACHE_LINK"
  fi
  rm -rf "$dir" "$dir.agent"
}
# Whether another rank of this node still runs: each registered rank's file names its shell.
others_running() {
  local registered pid
  for registered in "$dir.agent/ranks"/*; do
    pid=$(cat "$registered" 2>/dev/null) || continue
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then return 0; fi
  done
  return 1
}
# An agent that died without cleaning up (killed, say) leaves the image and its folder to the node's
# ranks: the last of them to leave removes both. Not sooner: a rank still running may read the image,
# which was READY before the agent died.
agent_recorded=$(cat "$dir.agent/pid" 2>/dev/null || echo "$agent_pid")
if [ -d "$dir.agent" ] && [ -n "$agent_recorded" ] && ! kill -0 "$agent_recorded" 2>/dev/null && ! others_running; then
  remove_node_folders
fi
# An agent that lost its coordinator (ORPHANED) waits for the node's ranks, but the step's end may
# kill it first: the last rank to leave removes the folders then.
if [ -e "$dir.agent/ORPHANED" ] && [ -z "$(ls -A "$dir.agent/ranks" 2>/dev/null)" ]; then
  remove_node_folders
fi
exit "$status"
