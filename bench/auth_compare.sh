#!/usr/bin/env bash
# Builds the release app and the bench-only auth server, then compares sessions, tokens and JWTs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/release.sh
cargo build --release --features ssr --example auth_bench
command -v wrk >/dev/null || { sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo; $sudo_ apt-get update -qq; $sudo_ apt-get install -y -qq wrk; }
exec python3 bench/auth_compare.py "$@"
