#!/usr/bin/env bash
# The Debian packages the built-in local gateway and the e2e suite need (installed when missing).
set -euo pipefail

packages=(
  nginx                        # TLS origin: serves the PWA, proxies /ws to Kamailio
  libnginx-mod-http-js         # njs: nginx issues time-limited TURN credentials
  coturn                       # TURN relay for agents outside the LAN
  kamailio                     # registrar + proxy
  kamailio-websocket-modules   # SIP over WebSocket
  kamailio-tls-modules         # tls.so (loaded for wss sample configs)
  kamailio-autheph-modules     # auth_ephemeral: short-lived SIP credentials the gateway issues
  rtpengine-daemon             # WebRTC <-> RTP media relay, userspace only (not the 'rtpengine' metapackage)
  baresip-core                 # demo peers: tone and echo extensions
  sip-tester                   # sipp: Genesys SIP Server emulation in e2e
  sox                          # tone files
  chromium                     # the browser the e2e suite drives
  fonts-noto-cjk               # Japanese glyphs in the PWA (its ja catalog) under the e2e Chromium
  libnss3-tools                # certutil: trust the local CA in a Chromium NSS database
  openssl
  publicsuffix                 # the Public Suffix List: certs/ refuses public suffixes as gateway names
  iproute2                     # network namespace for loopback-only tests
  iptables                     # dropped networks and RTP counters inside that namespace (e2e, soak, bench)
  tcpdump                      # the bench reads first packets off the namespace's loopback (bench/lib/wire-capture.ts)
  procps
)
bash "$(dirname "$0")/apt-install.sh" gateway "${packages[@]}"
