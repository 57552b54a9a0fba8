#!/usr/bin/env bash
# Installs the Debian packages the built-in local gateway and the e2e suite need, only when missing.
# Idempotent; waits for the dpkg lock instead of failing. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  nginx                        # TLS origin: serves the PWA, proxies /ws to Kamailio
  kamailio                     # registrar + proxy
  kamailio-websocket-modules   # SIP over WebSocket
  kamailio-tls-modules         # tls.so (loaded for wss sample configs)
  rtpengine-daemon             # WebRTC <-> RTP media relay, userspace only (not the 'rtpengine' metapackage)
  baresip-core                 # demo peers: tone and echo extensions
  sip-tester                   # sipp: Genesys SIP Server emulation in e2e
  sox                          # tone files
  chromium                     # the browser the e2e suite drives
  libnss3-tools                # certutil: trust the local CA in a Chromium NSS database
  openssl
  iproute2                     # network namespace for loopback-only tests
  procps
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-packages: all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-packages: missing ${missing[*]}; run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-packages: installing ${missing[*]}"
# Keep the packaged services from starting on install (they would grab :5060 and :2223).
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
  $sudo systemctl disable --now kamailio rtpengine-daemon nginx 2>/dev/null || true
fi
echo "install-packages: done"
