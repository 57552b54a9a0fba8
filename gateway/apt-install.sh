#!/usr/bin/env bash
# Installs the named Debian packages, only those missing. Idempotent; waits for the dpkg lock instead
# of failing; keeps packaged services from starting on install. Needs root (or sudo) only when
# something is missing.
# Usage: apt-install.sh <label> <package>...
set -euo pipefail

label=$1
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-packages ($label): all $# Debian packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-packages ($label): missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-packages ($label): installing ${missing[*]}"
# Keep packaged services (kamailio :5060, rtpengine :2223, nginx :80) from starting on install.
policy_created=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  policy_created=1
fi
trap '[ -n "$policy_created" ] && $sudo rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  # On a systemd host the packages' own services may have been enabled: the project runs its own.
  for p in "${missing[@]}"; do
    systemctl list-unit-files "$p.service" >/dev/null 2>&1 && $sudo systemctl disable --now "$p" 2>/dev/null || true
  done
fi
echo "install-packages ($label): done"
