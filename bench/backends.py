#!/usr/bin/env python3
"""SQLite against PostgreSQL, one instance each, same run (#12): the signed-in page and the
session-authenticated JSON endpoint (`/api/v1/me` is token-only, so the session side is the
`current_user` server function), plus the bearer-token endpoint. Run it under
`scripts/with-postgres.sh`, which provides the throwaway PostgreSQL:

    scripts/with-postgres.sh python3 bench/backends.py [--seconds 5] [--connections 16]
"""
import argparse, json, os, subprocess, tempfile, urllib.request

import bench
from quire_server import start_server


def post_wrk(url, seconds, connections, cookie):
    """wrk POSTing an empty form with the cookie (a server function call)."""
    script = os.path.join(tempfile.mkdtemp(), "post.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                f'wrk.headers["Origin"] = "{url.split("/api")[0]}"\nwrk.headers["Accept"] = "application/json"\n')
    cmd = bench.wrk_cmd(url, seconds, connections, cookie) + ["-s", script]
    return bench.parse(url, subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def token_wrk(url, seconds, connections, token):
    cmd = bench.wrk_cmd(url, seconds, connections) + ["-H", f"Authorization: Bearer {token}"]
    return bench.parse(url, subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def measure(port, args, database_url=None):
    folder = tempfile.mkdtemp(prefix="quire-backends-")
    server = start_server(port, os.path.join(folder, "quire.db"), database_url=database_url)
    try:
        base = f"http://127.0.0.1:{port}"
        cookie = bench.register(port)
        body = json.dumps({"email": "bench@example.org", "password": "a long enough passphrase",
                           "device_name": "bench"}).encode()
        request = urllib.request.Request(f"{base}/api/v1/auth/token", data=body,
                                         headers={"Content-Type": "application/json"})
        token = json.loads(urllib.request.urlopen(request).read())["token"]
        return {
            "signed-in page /account/password": bench.wrk(base + "/account/password", args.seconds, args.connections, cookie),
            "session JSON (current_user)": post_wrk(base + "/api/current_user", args.seconds, args.connections, cookie),
            "token JSON (/api/v1/me)": token_wrk(base + "/api/v1/me", args.seconds, args.connections, token),
        }
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=16)
    args = ap.parse_args()
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        raise SystemExit("run under scripts/with-postgres.sh")
    subprocess.run(["psql", f"{server}/postgres", "-qc", "CREATE DATABASE quire_bench"], check=True)
    sqlite = measure(3410, args)
    postgres = measure(3411, args, f"{server}/quire_bench")
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, one run, {os.cpu_count()} cores, release build")
    print(f"{'case':36} {'SQLite req/s':>13} {'PostgreSQL req/s':>17} {'PG/SQLite':>10} {'p99 SQLite':>11} {'p99 PG':>8}")
    for case in sqlite:
        a, b = sqlite[case], postgres[case]
        print(f"{case:36} {a['rps']:13.0f} {b['rps']:17.0f} {b['rps'] / a['rps']:10.2f} "
              f"{a['p99']:9.2f}ms {b['p99']:6.2f}ms")


if __name__ == "__main__":
    main()
