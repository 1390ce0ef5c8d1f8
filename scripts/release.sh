#!/usr/bin/env bash
# Sets up what is missing and builds the release: target/release/quire and target/site.
#
# cargo leptos builds the wasm (then wasm-bindgen, wasm-opt and compression) before the server.
# Running the two halves at once (--frontend-only and --server-only side by side) is untested
# as a gain: one run took 25.5 minutes, but runs of this command in turn took 21.8 to 27.6 on
# the same two-core machine the same day. Measure both in one session before changing it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
PATH="$PWD/tools/node_modules/.bin:$PATH" exec cargo leptos build --release --split --precompress --features split "$@"
