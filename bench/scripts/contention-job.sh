#!/bin/bash
# One timed run of the contention benchmark inside a Slurm allocation (sbatch from contention.sh).
#   contention-job.sh vanilla|fanload
# Reads APP_CP, APP_LIB, FANLOAD_HOME, FANLOAD_CACHE, FANLOAD_REPORT from the environment, and for a
# real application APP_MAIN and APP_ARGS_FILE (its arguments, one per line). Times the
# step from just before srun / launch to its end (the allocation's own scheduling is not counted)
# and passes the start to the ranks as GEN_LAUNCH_MS, so each rank reports launch-to-main.
set -uo pipefail
mode=${1:?vanilla|fanload}
main=${APP_MAIN:-io.fanload.bench.generator.app.GenDriver}
args=()
[ -n "${APP_ARGS_FILE:-}" ] && mapfile -t args < "$APP_ARGS_FILE"
start=$(date +%s%N)
export GEN_LAUNCH_MS=$((start / 1000000))
case $mode in
  vanilla)
    srun java -Djava.library.path="$APP_LIB" -cp "$APP_CP" "$main" "${args[@]}"
    status=$? ;;
  fanload)
    # --threads-per-rank off: both modes run the same plain JVMs; only where the bytes come from differs.
    "$FANLOAD_HOME/pilot-scripts/bin/launch" --quiet --read-cache --launcher srun --cache "$FANLOAD_CACHE" \
      -n "$SLURM_NTASKS" --nodes "$SLURM_JOB_NUM_NODES" --threads-per-rank off --report "$FANLOAD_REPORT" \
      -- java -Djava.library.path="$APP_LIB" -cp "$APP_CP" "$main" "${args[@]}"
    status=$? ;;
  *) echo "contention-job.sh: unknown mode $mode" >&2; exit 2 ;;
esac
end=$(date +%s%N)
echo "wall_ms=$(((end - start) / 1000000)) status=$status"
exit "$status"
