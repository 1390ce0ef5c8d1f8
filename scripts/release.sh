#!/usr/bin/env bash
# Sets up what is missing and builds the release: target/release/quire and target/site.
#
# cargo leptos builds the wasm (then wasm-bindgen, wasm-opt and compression) before the server.
# Running the two halves at once (--frontend-only and --server-only side by side) was measured
# slower on a two-core machine: 25.5 minutes against 21.8 in turn, two cargo processes each
# running two compilers at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
PATH="$PWD/tools/node_modules/.bin:$PATH" exec cargo leptos build --release --split --precompress --features split "$@"
