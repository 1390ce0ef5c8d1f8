#!/usr/bin/env bash
# Sets up what is missing, then runs Quire in watch mode on http://localhost:3000
# with SQLite at data/quire.db (created and migrated on start).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
exec cargo leptos watch "$@"
