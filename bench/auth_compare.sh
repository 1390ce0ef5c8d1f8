#!/usr/bin/env bash
# Builds the release app and the bench-only auth server, then compares sessions, tokens and JWTs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh bench
scripts/release.sh
cargo build --release --features ssr --example auth_bench
exec python3 bench/auth_compare.py "$@"
