# fanload rank bootstrap, run by srun/mpirun/aprun as: bash -c "<this text>" fanload-rank SERVE... --fanload-plain-- PLAIN...
# Passed inline (not as a file) so that nothing a rank runs before its JVM touches the shared file system.
# Environment (set by launch): FANLOAD_NODE_DIR (node-local folder), FANLOAD_AGENT (agent command, words
# separated by unit separators), FANLOAD_WAIT_SECONDS, FANLOAD_SERVE_LD_LIBRARY_PATH, FANLOAD_STATUS_DIR,
# FANLOAD_COUNTERS_DIR (optional); FANLOAD_COORDINATOR and FANLOAD_SECRET are for the agent only.
set -u
dir=$FANLOAD_NODE_DIR
# Open MPI's variables first: mpirun inside a Slurm allocation starts its daemons with srun, so its
# ranks also carry a SLURM_PROCID (the daemon's). Same order as the loader's (LoaderSettings).
rank=${OMPI_COMM_WORLD_RANK:-${PMIX_RANK:-${SLURM_PROCID:-${ALPS_APP_PE:-${PMI_RANK:-0}}}}}
serve=(); plain=(); part=serve
for word in "$@"; do
  if [ "$word" = --fanload-plain-- ]; then part=plain; continue; fi
  if [ "$part" = serve ]; then serve+=("$word"); else plain+=("$word"); fi
done
# The first rank on a node to create the lock folder starts the node's agent (mkdir is atomic on
# the node-local file system); its output goes to a log, never into the rank's.
if mkdir "$dir.agent" 2>/dev/null; then
  IFS=$'\x1f' read -r -a agent <<< "$FANLOAD_AGENT"
  setsid "${agent[@]}" </dev/null >>"$dir.agent/agent.log" 2>&1 &
fi
# Wait, bounded, for the node's image (READY) or the agent's fallback verdict.
ticks=0
limit=$(( FANLOAD_WAIT_SECONDS * 20 ))
while [ ! -e "$dir/READY" ] && [ ! -e "$dir.agent/FALLBACK" ] && [ "$ticks" -lt "$limit" ]; do
  sleep 0.05
  ticks=$(( ticks + 1 ))
done
if [ -e "$dir/READY" ]; then
  # This rank's counters file goes just before "-cp": the only -cp in the serving command is
  # fanload's own. (The loader reads the rank number from the launcher's variables itself.)
  extra=()
  if [ -n "${FANLOAD_COUNTERS_DIR:-}" ]; then
    extra=("-Dfanload.counters=$FANLOAD_COUNTERS_DIR/rank-$rank.properties")
  fi
  command=()
  for word in "${serve[@]}"; do
    if [ "$word" = -cp ]; then command+=("${extra[@]}"); fi
    command+=("$word")
  done
  LD_LIBRARY_PATH=$FANLOAD_SERVE_LD_LIBRARY_PATH "${command[@]}"
  status=$?
else
  if [ -e "$dir.agent/FALLBACK" ]; then
    echo "fanload: rank $rank loads the normal way: $(head -c 300 "$dir.agent/FALLBACK")" >&2
  else
    echo "fanload: rank $rank loads the normal way: node not ready after $FANLOAD_WAIT_SECONDS s" >&2
  fi
  "${plain[@]}"
  status=$?
fi
# Only failures leave a trace on the shared file system: launch reports the lowest failing rank.
if [ "$status" -ne 0 ] && [ -n "${FANLOAD_STATUS_DIR:-}" ]; then
  echo "$status" > "$FANLOAD_STATUS_DIR/rank-$rank.status"
fi
exit "$status"
