#!/usr/bin/env bash
# Builds the release app (setting up what is missing) and runs the load benchmark on loopback.
# Extra arguments go to bench.py (--seconds, --connections, --port, --large).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
scripts/release.sh
exec python3 bench/bench.py "$@"
