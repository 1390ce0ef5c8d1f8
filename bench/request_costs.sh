#!/usr/bin/env bash
# Builds the release app (setting up what is missing) and measures what a request costs.
# Extra arguments go to request_costs.py (--seconds, --connections, --port, --only, --rounds).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
scripts/release.sh
exec python3 bench/request_costs.py "$@"
