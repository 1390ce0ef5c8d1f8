#!/usr/bin/env python3
"""SQLite against PostgreSQL, and one instance against two behind nginx, same run (#12): the
signed-in page, the session-authenticated JSON endpoint (`/api/v1/me` is token-only, so the
session side is the `current_user` server function) and the bearer-token endpoint. Run it
under `scripts/with-postgres.sh`, which provides the throwaway PostgreSQL:

    scripts/with-postgres.sh python3 bench/backends.py [--seconds 5] [--connections 16]

Columns: the release app alone on SQLite, alone on PostgreSQL, then two instances on one
PostgreSQL behind nginx (scripts/with-cluster.sh), loaded through nginx once pinned to one
instance (its test-only `X-Test-Instance` header) and once round robin over both.
"""
import argparse, json, os, subprocess, sys, tempfile, urllib.parse, urllib.request

import bench
from quire_server import ROOT, bench_env, start_server

CASES = ("signed-in page /account/password", "session JSON (current_user)", "token JSON (/api/v1/me)")


def wrk(url, args, headers, script=None):
    cmd = bench.wrk_cmd(url, args.seconds, args.connections)
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    if script:
        cmd += ["-s", script]
    return bench.parse(url, subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def measure(port, args, origin=None, pin=None):
    """The three cases against 127.0.0.1:`port` (an instance, or nginx with `pin`)."""
    base = f"http://127.0.0.1:{port}"
    origin = origin or base
    cookie = bench.register(port, f"bench-{pin or 'any'}%40example.org", origin)
    body = json.dumps({"email": f"bench-{pin or 'any'}@example.org",
                       "password": "a long enough passphrase", "device_name": "bench"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"})
    token = json.loads(urllib.request.urlopen(request).read())["token"]
    pinned = {"X-Test-Instance": pin} if pin else {}
    # A server function call: wrk POSTs an empty form, as the hydrated app would.
    script = os.path.join(tempfile.mkdtemp(), "post.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
    session = {"Cookie": cookie, **pinned}
    return dict(zip(CASES, (
        wrk(base + "/account/password", args, session),
        wrk(base + "/api/current_user", args, {**session, "Origin": origin, "Accept": "application/json"}, script),
        wrk(base + "/api/v1/me", args, {"Authorization": f"Bearer {token}", **pinned}),
    )))


def alone(port, args, database_url=None):
    folder = tempfile.mkdtemp(prefix="quire-backends-")
    server = start_server(port, os.path.join(folder, "quire.db"), database_url=database_url)
    try:
        return measure(port, args)
    finally:
        server.terminate()
        server.wait()


def behind_nginx(args):
    """Runs this script under with-cluster.sh (which starts the two instances and nginx) and
    reads back what it measured there."""
    out = os.path.join(tempfile.mkdtemp(), "nginx.json")
    cmd = [os.path.join(ROOT, "scripts", "with-cluster.sh"), sys.executable, os.path.abspath(__file__),
           "--seconds", str(args.seconds), "--connections", str(args.connections), "--through-nginx", out]
    subprocess.run(cmd, env=bench_env(), check=True)
    with open(out) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--through-nginx", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.through_nginx:
        url = os.environ["CLUSTER_URL"]
        port = urllib.parse.urlparse(url).port
        results = {"one": measure(port, args, url, "a"), "two": measure(port, args, url)}
        with open(args.through_nginx, "w") as f:
            json.dump(results, f)
        return
    server = os.environ.get("TEST_POSTGRES_URL")
    if not server:
        raise SystemExit("run under scripts/with-postgres.sh")
    subprocess.run(["psql", f"{server}/postgres", "-qc", "CREATE DATABASE quire_bench"], check=True)
    columns = {"SQLite": alone(3410, args), "PG": alone(3411, args, f"{server}/quire_bench")}
    nginx = behind_nginx(args)
    columns["PG, nginx, 1"] = nginx["one"]
    columns["PG, nginx, 2"] = nginx["two"]
    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, one run, {os.cpu_count()} cores, release build")
    print(f"{'case':34}" + "".join(f"{name:>14}" for name in columns) + f"{'PG/SQLite':>10}{'2/1':>6}")
    for case in CASES:
        rps = [columns[name][case]["rps"] for name in columns]
        print(f"{case:34}" + "".join(f"{r:14.0f}" for r in rps) + f"{rps[1] / rps[0]:10.2f}{rps[3] / rps[2]:6.2f}")
    print("p99 ms:")
    for case in CASES:
        print(f"{case:34}" + "".join(f"{columns[name][case]['p99']:14.2f}" for name in columns))


if __name__ == "__main__":
    main()
