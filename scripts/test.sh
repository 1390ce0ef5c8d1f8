#!/usr/bin/env bash
# Sets up what is missing, then runs every check: formatting, clippy (ssr and hydrate),
# Rust unit and integration tests (on SQLite, then on a throwaway PostgreSQL), the release browser
# bundle, and Playwright in Debian's Chromium (one instance on SQLite, then two on PostgreSQL
# behind nginx).
# Prints a summary and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh test || { echo "summary: 0 passed, 1 failed (setup)"; exit 1; }

passed=() failed=()
step() {
    local name="$1"; shift
    printf '\n\033[1m==> %s\033[0m\n' "$name"
    local start=$SECONDS
    if "$@"; then passed+=("$name ($((SECONDS - start)) s)"); else failed+=("$name"); fi
}

step "cargo fmt --check" bash -c 'cargo fmt --all -- --check &&
    cargo fmt --manifest-path examples/accounts/Cargo.toml -- --check'
# The test builds are linted as they compile: with clippy-driver as the workspace's compiler
# (scripts/clippy-rustc.sh), `cargo test` reports every clippy lint of every target, as
# `cargo clippy --all-targets -- -D warnings` would, without a clippy pass of its own. For
# quire-auth-leptos and the example that saves checking their dependencies (nothing else does);
# for Quire the check moves to the as-shipped lint, whose result `cargo doc` reuses. Every later
# cargo command on the same packages passes the same wrapper, or cargo would compile them again.
lint=(env RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/clippy-rustc.sh")
# The tests build with the test seams (test-support, which implies ssr); the product never does,
# so the server is linted once as shipped too (only this crate is checked again). Quire and
# quire-auth are linted and tested in one invocation: cargo resolves the dependencies' features
# for the packages it is given, so `-p quire-auth` alone would compile nearly every dependency a
# second time with fewer features.
both=(-p quire -p quire-auth --features quire/test-support)
step "clippy and cargo test (Quire and quire-auth: unit, integration, doc)" \
    "${lint[@]}" cargo test --locked "${both[@]}"
step "clippy (ssr, as shipped)" cargo clippy --locked --features ssr --lib --bins -- -D warnings
# Naming quire-auth-leptos turns on its default feature, `pages` (the components Quire does not
# use), so they are linted too, with the dependencies Quire's check already checked. Quire's own
# code does not depend on that feature: its lints are those of the app as shipped.
step "clippy (hydrate)" cargo clippy --locked -p quire -p quire-auth-leptos --features quire/hydrate \
    --lib --target wasm32-unknown-unknown -- -D warnings
# The Leptos auth crate with its own features (quire-auth's lints and tests ran with Quire's):
# its tests and doctests; then rustdoc without a warning for the workspace (`pages` does not
# change a dependency's features, so the as-shipped lint's checks serve), and packages of both
# crates that cargo accepts. Not in Quire's test build: `pages` there would register the
# crate's server functions in Quire's binary, which ships without them (the sweep test notices).
step "auth crates: tests, docs, packages" bash -c '
    "$@" cargo test --locked -p quire-auth-leptos --features ssr &&
    RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --workspace --features quire/test-support &&
    cargo package --locked -p quire-auth -p quire-auth-leptos --no-verify --allow-dirty --quiet' \
    _ "${lint[@]}"
# The second app, which uses the two crates and nothing of Quire's: its HTTP test, a development
# build (the release build is Quire's to pay for), and its Playwright spec with and without
# JavaScript. It tests quire-auth-leptos as an adopter uses it. Both builds are linted as they
# compile (the wrapper reaches cargo leptos' wasm build too). The server is built
# again by cargo leptos rather than reused from `cargo test`: Leptos reads cargo leptos'
# settings when it compiles (the wasm file's name among them), and a server built without them
# serves a page that does not hydrate (found by the passkey spec). With `--tests`, cargo
# resolves the server's dependencies with the test build's features, so only the Leptos crates
# that read those settings compile again (8 crates, about 30 s, instead of every dependency).
step "example app (examples/accounts): clippy, tests, build, playwright" bash -c '
    cd examples/accounts &&
    "$@" cargo test --locked --features ssr &&
    "$@" cargo leptos build --cargo-locked --bin-cargo-args=--tests &&
    cd end2end && npx playwright test' _ "${lint[@]}"
step "integration tests on PostgreSQL" \
    scripts/with-postgres.sh "${lint[@]}" cargo test --locked "${both[@]}" --tests
# What Playwright runs: the browser bundle as shipped (the release wasm, split and compressed:
# the bundle budget measures it), served by a development build of the server. The server's
# release build compiled every dependency a second time with optimisations (about 15 minutes
# here, a third of the run); the development build reuses the test build's dependencies (with
# --examples cargo resolves them with the dev-dependencies' features, as `cargo test` did) and
# compiles only the workspace's crates and the Leptos crates that read cargo leptos' settings.
# The server's code and settings are the product's (ssr and split, no test seams), linted as
# it compiles; only the optimiser differs. `scripts/release.sh` builds the real release.
step "release browser bundle, server for Playwright" bash -c '
    scripts/release.sh --frontend-only &&
    "$@" cargo leptos build --cargo-locked --server-only --features split \
        --bin-cargo-args=--examples' _ "${lint[@]}"
export E2E_SERVER="$PWD/target/debug/quire"
if [[ " ${failed[*]-} " == *"server for Playwright"* ]]; then
    failed+=("playwright (not run: no build)")
else
    step "playwright (Debian Chromium)" bash -c "cd end2end && npx playwright test"
    # Two instances on one throwaway PostgreSQL behind nginx: shared sessions, limits and
    # sign-out events, a database restart under load, an instance killed.
    step "playwright, two instances behind nginx" \
        scripts/with-postgres.sh scripts/with-cluster.sh bash -c "cd end2end && npx playwright test -c cluster.config.ts"
fi

printf '\n\033[1m==> summary\033[0m\n'
for s in "${passed[@]}"; do printf '  ok      %s\n' "$s"; done
for s in "${failed[@]}"; do printf '  FAILED  %s\n' "$s"; done
echo "summary: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
