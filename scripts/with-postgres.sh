#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL: a new cluster in a temp folder, on a free
# loopback port, its Unix socket in that folder, stopped and deleted when the command ends
# (also when it fails or is interrupted). It never touches a system cluster. The command sees
# TEST_POSTGRES_URL=postgres://quire@127.0.0.1:<port>, a superuser that may create databases:
# the integration tests make one fresh database per test there. `$TEST_POSTGRES_CTL stop` and
# `start` stop the server cleanly and start it again, for the fault test.
#   scripts/with-postgres.sh cargo test --features test-support --test integration
set -euo pipefail

if command -v initdb >/dev/null 2>&1; then
    bin="$(dirname "$(command -v initdb)")"
else
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi
if [ ! -x "${bin:-}/initdb" ]; then
    echo "with-postgres: PostgreSQL is not installed (scripts/setup.sh test installs it)" >&2
    exit 1
fi

dir="$(mktemp -d -t quire-pg-XXXXXX)"
# initdb refuses to run as root: the cluster then belongs to the postgres system user.
as=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    as=(runuser -u postgres --)
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
    (cd "$dir" && "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1) || true
    rm -rf "$dir"
}
trap stop EXIT INT TERM

# The server commands run from $dir: as the postgres user they may not enter the caller's folder.
(cd "$dir" && "${as[@]}" "$bin/initdb" -D "$dir/data" -U quire --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1) \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# Durability against power loss is not the point of a throwaway cluster: fsync off makes the
# suite faster. (A clean stop still writes everything out: the restart test relies on that.)
options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
# `$TEST_POSTGRES_CTL stop|start`: the fault test takes the server away and brings it back.
cat >"$dir/ctl" <<EOF
#!/bin/sh
cd "$dir" || exit 1
case "\$1" in
    stop) exec ${as[*]} "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop ;;
    start) exec ${as[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$options" ;;
    *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
EOF
chmod 755 "$dir/ctl"
"$dir/ctl" start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export TEST_POSTGRES_URL="postgres://quire@127.0.0.1:$port" TEST_POSTGRES_CTL="$dir/ctl"
status=0
"$@" || status=$?
exit $status
