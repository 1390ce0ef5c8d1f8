#!/usr/bin/env bash
# Cargo's RUSTC_WORKSPACE_WRAPPER for CI: compiles the workspace's own crates with clippy-driver
# (which `cargo clippy` also uses, and which accepts rustc's arguments), denying every warning.
# `scripts/test.sh` builds its tests through it, so one build both lints every target and
# produces the test binaries, with no clippy pass of its own over the dependencies (cargo
# compiles those with plain rustc, shared with every other build). Clippy's README warns
# that clippy-driver's output may not be optimised as rustc's is: test builds only, never a release.
# Cargo passes the path of rustc first; clippy-driver expects that and drops it.
exec clippy-driver "$@" -D warnings
