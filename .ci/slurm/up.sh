#!/usr/bin/env bash
# Start a one-node SLURM cluster on this machine (Debian/Ubuntu, no systemd needed) for the tests of the `slurm` executor.
# usage: bash .ci/slurm/up.sh DIR   -> prints the line to eval: export SLURM_CONF=DIR/slurm.conf
# Installs slurm-wlm and munge when absent (root, or sudo without a password). Accounting is off (no slurmdbd):
# peft_nb reads job states from the controller (squeue), not sacct. Stop it with .ci/slurm/down.sh DIR.
set -euo pipefail
dir=$(mkdir -p "${1:?usage: up.sh DIR}" && cd "$1" && pwd); here=$(cd "$(dirname "$0")" && pwd)
root=""; [ "$(id -u)" -eq 0 ] || root=sudo
command -v slurmctld >/dev/null || { $root apt-get update -qq >/dev/null; $root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }
chmod 755 "$dir"  # munged runs as munge and must reach its pid file below DIR (mktemp -d makes it 700)
rm -rf "$dir/state" "$dir/spool"; mkdir -p "$dir/state" "$dir/spool"
host=$(hostname -s); cpus=$(nproc); mem=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 / 2 ))
sed -e "s#@HOST@#$host#g" -e "s#@DIR@#$dir#g" -e "s#@CPUS@#$cpus#g" -e "s#@MEM@#$mem#g" "$here/slurm.conf.in" > "$dir/slurm.conf"
$root test -s /etc/munge/munge.key || { $root mungekey -c -f -k /etc/munge/munge.key; $root chown munge:munge /etc/munge/munge.key; $root chmod 400 /etc/munge/munge.key; }
$root mkdir -p /run/munge "$dir/munge"; $root chown munge:munge /run/munge "$dir/munge"
$root runuser -u munge -- /usr/sbin/munged --pid-file "$dir/munge/munged.pid"
export SLURM_CONF=$dir/slurm.conf
$root slurmctld -f "$SLURM_CONF" -i
for _ in $(seq 60); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.5; done
$root slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -q '^idle' && break; sleep 0.5; done
sinfo -h -o %t | grep -q '^idle' || { echo "slurm did not come up; see $dir/*.log" >&2; exit 1; }
echo "export SLURM_CONF=$dir/slurm.conf"
