#!/usr/bin/env bash
# Runs a command against two instances of Quire (the release build) on one PostgreSQL database, behind
# Debian's nginx on loopback (round robin), the way docs/deploy.md describes production. Run it
# under scripts/with-postgres.sh, which provides the database server:
#   scripts/with-postgres.sh scripts/with-cluster.sh npx --prefix end2end playwright test ...
# The instances start at the same moment on a new database, so both race to migrate it.
# Settings in the environment (QUIRE_…) reach both instances. Everything started here is
# stopped, and its folder deleted, when the command ends (also when it fails).
#
# The command sees:
#   CLUSTER_URL              http://localhost:<nginx port>: the site's origin
#   CLUSTER_A_PORT/_B_PORT   each instance's own port
#   CLUSTER_A_PID/_B_PID     each instance's process, for a test that kills one
#   CLUSTER_OUTBOX           the mail outbox both instances write to
# Test-only nginx settings: a request with `X-Test-Instance: a` or `b` goes to that instance
# (so a test can choose); every answer says which instance served it in `X-Upstream`.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${TEST_POSTGRES_URL:?run under scripts/with-postgres.sh}"
nginx=/usr/sbin/nginx
[ -x "$nginx" ] || { echo "with-cluster: nginx is not installed (scripts/setup.sh test installs it)" >&2; exit 1; }
# E2E_SERVER names another server binary (the README test command uses a development build).
server="${E2E_SERVER:-target/release/quire}"
[ -x "$server" ] || { echo "with-cluster: no server build at $server (scripts/release.sh)" >&2; exit 1; }

dir="$(mktemp -d -t quire-cluster-XXXXXX)"
chmod 755 "$dir" # nginx's workers read and write their temp folders here
pids=()
stop() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$dir"
}
trap stop EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_a="$(free_port)" port_b="$(free_port)" port_lb="$(free_port)"
database="quire_cluster_$$"
psql "$TEST_POSTGRES_URL/postgres" -qc "CREATE DATABASE $database"

export CLUSTER_URL="http://localhost:$port_lb" CLUSTER_OUTBOX="$dir/outbox"
start_instance() {
    QUIRE_SITE_ADDRESS="127.0.0.1:$1" \
        QUIRE_SITE_ORIGIN="$CLUSTER_URL" \
        QUIRE_SITE_TRUSTED_PROXIES='["127.0.0.1"]' \
        QUIRE_DATABASE_URL="$TEST_POSTGRES_URL/$database" \
        QUIRE_MAIL_OUTBOX_DIR="$CLUSTER_OUTBOX" \
        QUIRE_LOG_LEVEL="${QUIRE_LOG_LEVEL:-warn}" \
        LEPTOS_SITE_ROOT="$PWD/target/site" \
        "$server" >"$dir/instance-$2.log" 2>&1 &
    pids+=($!)
}
start_instance "$port_a" a
export CLUSTER_A_PORT="$port_a" CLUSTER_A_PID="${pids[-1]}"
start_instance "$port_b" b
export CLUSTER_B_PORT="$port_b" CLUSTER_B_PID="${pids[-1]}"

# `user root` only because the workers must not drop to nobody when we run as root: they use
# the temp folders under $dir. The event stream (/api/session_events) needs buffering off and
# a read timeout longer than the server's keep-alive comments.
cat >"$dir/nginx.conf" <<EOF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/client_body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    upstream both { server 127.0.0.1:$port_a max_fails=1 fail_timeout=30s;
                    server 127.0.0.1:$port_b max_fails=1 fail_timeout=30s; keepalive 16; }
    upstream a { server 127.0.0.1:$port_a; keepalive 8; }
    upstream b { server 127.0.0.1:$port_b; keepalive 8; }
    map \$http_x_test_instance \$instance { a a; b b; default both; }
    server {
        listen 127.0.0.1:$port_lb;
        client_max_body_size 1m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$http_host;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        add_header X-Upstream \$upstream_addr always;
        location / { proxy_pass http://\$instance; }
        location = /api/session_events {
            proxy_pass http://\$instance;
            proxy_buffering off;
            proxy_read_timeout 1h;
        }
    }
}
EOF
"$nginx" -c "$dir/nginx.conf" -p "$dir" -e "$dir/nginx-error.log" -g "daemon off;" &
pids+=($!)

ready() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$1" 2>/dev/null; }
for _ in $(seq 300); do
    if ready "http://127.0.0.1:$port_a/" && ready "http://127.0.0.1:$port_b/" &&
        ready "http://127.0.0.1:$port_lb/"; then
        break
    fi
    sleep 0.1
done
if ! ready "http://127.0.0.1:$port_lb/" || ! ready "http://127.0.0.1:$port_a/" ||
    ! ready "http://127.0.0.1:$port_b/"; then
    echo "with-cluster: the instances or nginx did not start" >&2
    tail -n 20 "$dir"/*.log >&2
    exit 1
fi

status=0
"$@" || status=$?
if [ $status -ne 0 ]; then
    echo "with-cluster: the last lines of each log" >&2
    tail -n 30 "$dir"/*.log >&2
fi
exit $status
