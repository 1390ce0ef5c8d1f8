#!/usr/bin/env bash
# Builds the release app (setting up what is missing) and measures what a request costs.
# Extra arguments go to request_costs.py (--seconds, --connections, --port, --only).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/release.sh
command -v wrk >/dev/null || { sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo; $sudo_ apt-get update -qq; $sudo_ apt-get install -y -qq wrk; }
exec python3 bench/request_costs.py "$@"
