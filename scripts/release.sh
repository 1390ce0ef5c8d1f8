#!/usr/bin/env bash
# Sets up what is missing and builds the release: target/release/quire and target/site.
#
# The same build as `cargo leptos build --release --split --precompress --features split`, in two
# halves that run side by side. With --precompress, cargo leptos builds the wasm, runs wasm-opt
# and compresses the site before it starts the server, so that a server could embed the
# compressed files; Quire's does not (it serves target/site), and the wait left a core idle for
# most of the wasm build's single-threaded tail (LTO with one codegen unit, wasm-bindgen,
# wasm-opt). The halves share nothing: the wasm builds in target/front, the server in target/,
# and a server-only build leaves target/site alone. Extra arguments go to both halves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
export PATH="$PWD/tools/node_modules/.bin:$PATH" # wasm-opt
release=(cargo leptos build --release --split --features split "$@")

"${release[@]}" --precompress --frontend-only &
front=$!
server=0
"${release[@]}" --server-only || server=$?
front_status=0
wait "$front" || front_status=$?
if [ "$server" -ne 0 ] || [ "$front_status" -ne 0 ]; then
    echo "release build failed: server exit $server, site exit $front_status" >&2
    exit 1
fi
