#!/usr/bin/env bash
# Sets up what is missing and builds the release: target/release/quire and target/site.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
PATH="$PWD/tools/node_modules/.bin:$PATH" exec cargo leptos build --release --split --precompress --features split "$@"
