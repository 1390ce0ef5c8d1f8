#!/usr/bin/env bash
# Installs whatever Quire needs and is missing; does nothing for what is already there.
#   scripts/setup.sh app    build tools for `cargo leptos` (wasm target, cargo-leptos, wasm-bindgen)
#   scripts/setup.sh release  the above, plus wasm-opt (npm binaryen, in tools/) for release builds
#   scripts/setup.sh bench    release, plus Debian's wrk (the load generator of bench/*.sh)
#   scripts/setup.sh test     release, plus Debian's Chromium, PostgreSQL (the tests start
#                             their own throwaway cluster), nginx (the multi-instance test starts
#                             its own) and the end2end npm packages
# Everything comes from package registries (crates.io, Debian, npm): nothing is downloaded from
# elsewhere, which also keeps it working on locked-down CI.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-app}"
CARGO_LEPTOS_VERSION="0.3.10" # 0.3.11 needs a newer rustc than stable 1.95
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    local missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
    done
    [ ${#missing[@]} -eq 0 ] && return
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes, once)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# cargo-leptos would try to download a wasm-bindgen matching Cargo.lock; provide it from crates.io.
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wasm_bindgen_version"; then
    say "installing wasm-bindgen-cli $wasm_bindgen_version (matches Cargo.lock)"
    # Not --locked: one of its locked dependencies is no longer on crates.io.
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# npm ci when node_modules is missing or older than the lock file.
npm_ci() {
    if [ ! -f "$1/node_modules/.package-lock.json" ] ||
        [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
        say "installing npm packages in $1/"
        (cd "$1" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
}

if [ "$mode" = release ] || [ "$mode" = test ] || [ "$mode" = bench ]; then
    # Debian's binaryen (108) corrupts the reference types in modules Rust 1.95 emits: the app
    # then fails at start-up in the browser. npm's binaryen is current; scripts put it first on PATH.
    npm_ci tools
fi
if [ "$mode" = bench ]; then
    apt_install wrk:wrk
fi
if [ "$mode" = test ]; then
    apt_install chromium:chromium
    # The SMTP sink of the mail tests (tests/smtp_sink.py) runs on Debian's Python.
    if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
        say "installing Debian packages: python3-aiosmtpd"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd >/dev/null
    fi
    # The suite runs a second time on a throwaway PostgreSQL (scripts/with-postgres.sh).
    if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        say "installing Debian packages: postgresql"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    # The multi-instance test (scripts/with-cluster.sh) puts two instances behind Debian's nginx.
    # It starts its own nginx on loopback; the package's service is not wanted, so it is kept
    # from starting where the machine does not already prevent it (policy-rc.d, exit 101).
    if [ ! -x /usr/sbin/nginx ]; then
        say "installing Debian packages: nginx"
        policy=/usr/sbin/policy-rc.d own_policy=
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
            as_root chmod +x "$policy"
            own_policy=1
        fi
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
        [ -n "$own_policy" ] && as_root rm -f "$policy"
    fi
    npm_ci end2end
    npm_ci examples/accounts/end2end
fi
say "ready ($mode)"
