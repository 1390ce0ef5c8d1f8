#!/usr/bin/env bash
# Builds the release app (setting up what is missing) and runs the load benchmark on loopback.
# Extra arguments go to bench.py (--seconds, --connections, --port, --large).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/release.sh
command -v wrk >/dev/null || { sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo; $sudo_ apt-get update -qq; $sudo_ apt-get install -y -qq wrk; }
exec python3 bench/bench.py "$@"
