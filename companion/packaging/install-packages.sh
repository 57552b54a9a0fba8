#!/usr/bin/env bash
# Installs the Debian packages `npm run package` and its checks need, only when missing:
#   wixl + msitools  build and inspect the MSI (wixl is a separate Debian package)
#   osslsigncode     Authenticode signing (used only when a key is configured)
#   wine + wine64    run the Windows exe and msiexec in the package checks (Node 22 exe only)
# With --no-install-recommends wine is ~0.8-0.9 GB on disk (packaging notes: 102 packages, 165 MB download
# on a bare Debian 12). Idempotent; waits for the dpkg lock. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(wixl msitools osslsigncode wine wine64)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-packages (packaging): all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-packages (packaging): missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-packages (packaging): installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
echo "install-packages (packaging): done"
