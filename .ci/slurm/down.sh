#!/usr/bin/env bash
# Stop what .ci/slurm/up.sh DIR started, by its pid files (nothing is killed by name).
dir=${1:?usage: down.sh DIR}
root=""; [ "$(id -u)" -eq 0 ] || root=sudo
for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
  [ -s "$f" ] && $root kill "$(cat "$f")" 2>/dev/null
done
exit 0
