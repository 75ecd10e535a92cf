#!/usr/bin/env bash
# The pilot, then the full-width run once the pilot succeeded (the archive exists only then):
#   FANLOAD_HOME=... APP_CP=... APP_MAIN=... $FANLOAD_HOME/share/fanload/job-templates/pilot-then-run.sh [ARGS]
# (pilot-scripts/slurm/ in a checkout). Edit the #SBATCH lines of pilot.sbatch and read-cache.sbatch
# (nodes, tasks, time) first: they are examples.
# Submits pilot.sbatch (one node) and read-cache.sbatch with --dependency=afterok on it; prints both job ids.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
pilot=$(sbatch --parsable --export=ALL "$here/pilot.sbatch" "$@")
run=$(sbatch --parsable --export=ALL --dependency="afterok:$pilot" "$here/read-cache.sbatch" "$@")
echo "pilot job $pilot, run job $run (starts after the pilot succeeded)"
