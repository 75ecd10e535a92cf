#!/usr/bin/env bash
# The pilot, then the full-width run once the pilot succeeded (the archive exists only then):
#   FANLOAD_HOME=... APP_CP=... APP_MAIN=... pilot-scripts/slurm/pilot-then-run.sh [ARGS]
# Submits pilot.sbatch (one node) and read-cache.sbatch with --dependency=afterok on it; prints both job ids.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
pilot=$(sbatch --parsable --export=ALL "$here/pilot.sbatch" "$@")
run=$(sbatch --parsable --export=ALL --dependency="afterok:$pilot" "$here/read-cache.sbatch" "$@")
echo "pilot job $pilot, run job $run (starts after the pilot succeeded)"
