#!/usr/bin/env bash
# Starts a real single-node Slurm cluster, submits a 4-task array of a small
# experiment, merges the shards and checks the merged outputs are
# byte-identical to the same experiment run in one process. Run by .ci/run
# (as root: it installs Debian's Slurm and munge when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$PWD/target/release/parcours"
work="$(mktemp -d)"
# shellcheck disable=SC1091
source ci/slurm/start-local-slurm.sh
set -euo pipefail
trap stop_local_slurm EXIT
args=(--years 0.1 --replications 2)
SECONDS=0
PARCOURS="$bin" sbatch --parsable --wait --array=0-3 --output="$work/slurm-%A_%a.out" \
  scripts/slurm/array.sbatch sweep scenarios/experiments/sas-participation.toml "$work/array" "${args[@]}"
echo "array of 4 tasks done in ${SECONDS} s; shard outputs:"
cat "$work"/slurm-*.out
grep -c COMPLETED "$SLURM_SCRATCH/jobcomp.log" | sed 's/^/completed array tasks (jobcomp.log): /'
"$bin" merge "$work/array"
"$bin" sweep scenarios/experiments/sas-participation.toml "${args[@]}" --quiet --out "$work/single"
for f in points.csv indicators.csv summary.csv differences.csv series.csv; do
  cmp "$work/array/$f" "$work/single/$f"
  echo "$f: merged Slurm array = single process ($(wc -c <"$work/single/$f") bytes, sha256 $(sha256sum "$work/single/$f" | cut -c1-16))"
done
