#!/usr/bin/env bash
# Builds the release app (setting up what is missing) and runs the soak test on loopback.
# Extra arguments go to soak.py (--minutes, default 10; --port).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/release.sh
exec python3 bench/soak.py "$@"
