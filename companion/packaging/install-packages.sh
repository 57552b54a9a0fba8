#!/usr/bin/env bash
# Installs the Debian packages `npm run package` and its checks need, only when missing:
#   wixl + msitools  build and inspect the MSI (wixl is a separate Debian package)
#   osslsigncode     Authenticode signing (used only when a key is configured)
#   wine + wine64    run the Windows exe and msiexec in the package checks (Node 22 exe only)
# With --no-install-recommends wine is ~0.8-0.9 GB on disk (102 packages, 165 MB download on a bare
# Debian 12). Idempotent; waits for the dpkg lock. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(wixl msitools osslsigncode wine wine64)
bash "$(dirname "$0")/../../gateway/apt-install.sh" packaging "${packages[@]}"
