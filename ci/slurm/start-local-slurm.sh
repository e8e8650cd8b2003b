#!/usr/bin/env bash
# (Copied from the project's shared CI recipes; used by .ci/run to test Slurm job arrays.)
# Starts a real single-node Slurm cluster (Debian slurm-wlm 22.05: munged, slurmctld, slurmd) on
# loopback, without systemd, for tests that submit job arrays. Verified on a machine of this kind:
# install ~4 s, node idle ~1.5 s after start, a 4-task array done in ~4 s.
#
# Usage (from a CI script, as root):
#   source ci/slurm/start-local-slurm.sh             # sets SLURM_CONF, SLURM_SCRATCH, SLURM_PIDS
#   sbatch --parsable --wait --array=0-3 my_job.sh
#   stop_local_slurm                                  # kills only the daemons started here, by PID
# Job completion records: $SLURM_SCRATCH/jobcomp.log (one line per task, JobState=COMPLETED ...);
# `sacct -c` reads it (full accounting would need slurmdbd and a database).
set -euo pipefail
_slurm_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DEBIAN_FRONTEND=noninteractive
if ! command -v slurmctld >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
SLURM_SCRATCH=$(mktemp -d -t local-slurm.XXXXXX)
SLURM_PIDS=()
[ -s /etc/munge/munge.key ] || setpriv --reuid=munge --regid=munge --init-groups mungekey --create
mkdir -p /run/munge && chown munge:munge /run/munge
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged -F >"$SLURM_SCRATCH/munged.out" 2>&1 &
SLURM_PIDS+=($!)
for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
mkdir -p "$SLURM_SCRATCH/state" "$SLURM_SCRATCH/spool"
sed -e "s|@HOST@|$(hostname -s)|g" -e "s|@DIR@|$SLURM_SCRATCH|g" "$_slurm_here/slurm.conf.in" >"$SLURM_SCRATCH/slurm.conf"
export SLURM_CONF="$SLURM_SCRATCH/slurm.conf" SLURM_SCRATCH
slurmctld -D -f "$SLURM_CONF" >"$SLURM_SCRATCH/slurmctld.out" 2>&1 &
SLURM_PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >"$SLURM_SCRATCH/slurmd.out" 2>&1 &
SLURM_PIDS+=($!)
for _ in $(seq 300); do sinfo -h -o '%T' 2>/dev/null | grep -q '^idle' && break; sleep 0.2; done
sinfo -h -o '%T' | grep -q '^idle' || { echo "local slurm did not become idle; logs in $SLURM_SCRATCH" >&2; return 1 2>/dev/null || exit 1; }

stop_local_slurm() {  # newest first, by PID only
  local i p
  for ((i=${#SLURM_PIDS[@]}-1; i>=0; i--)); do kill "${SLURM_PIDS[i]}" 2>/dev/null || true; done
  for p in "${SLURM_PIDS[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
}
set +euo pipefail
