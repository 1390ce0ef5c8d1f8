#!/usr/bin/env python3
"""Sessions against JWTs (#14): the essay's central claim in numbers.

Serves one "who am I" JSON endpoint five ways from `bench/auth_server.rs` (session cookie with
Quire's real store and middleware, Quire's bearer token, JWT HS256, JWT EdDSA, no auth) on
Quire's database, and measures each with the same wrk settings in one run, with 1,000 and with
1,000,000 stored sessions. Then it measures what the JWT cannot do: after a role change and
after a revocation, how many of 100 requests each variant still answers with stale or revoked
credentials. Run through bench/auth_compare.sh, which builds what it needs.
"""
import argparse, json, os, sqlite3, statistics, subprocess, tempfile, time, urllib.request

import bench
from quire_server import ROOT, start_server

VARIANTS = ["session", "token", "jwt-hs256", "jwt-eddsa", "none"]


def start_auth_server(port, db, email):
    env = dict(os.environ, QUIRE_SITE_ADDRESS=f"127.0.0.1:{port}", QUIRE_SITE_ORIGIN=f"http://127.0.0.1:{port}",
               QUIRE_DATABASE_URL=f"sqlite://{db}", QUIRE_LOG_LEVEL="error")
    binary = os.path.join(ROOT, "target", "release", "examples", "auth_bench")
    proc = subprocess.Popen([binary, email], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    jwts = {}
    for line in proc.stdout:
        if line.strip() == "listening":
            return proc, jwts
        kind, token = line.split()
        jwts[kind] = token
    raise SystemExit("auth_bench did not start")


def headers_for(variant, cookie, token, jwts):
    return {"session": {"Cookie": cookie}, "token": {"Authorization": f"Bearer {token}"},
            "jwt-hs256": {"Authorization": f"Bearer {jwts['hs256']}"},
            "jwt-eddsa": {"Authorization": f"Bearer {jwts['eddsa']}"}, "none": {}}[variant]


def measure(base, variant, headers, seconds, connections):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", f"{base}/whoami/{variant}"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return bench.parse(variant, out)


def answers(base, variant, headers, n=100):
    """Of n requests: how many were accepted, and the roles they reported."""
    accepted, roles = 0, set()
    for _ in range(n):
        request = urllib.request.Request(f"{base}/whoami/{variant}", headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                accepted += 1
                roles.add(json.loads(response.read())["role"])
        except urllib.error.HTTPError:
            pass
    return accepted, roles


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=6)
    ap.add_argument("--rounds", type=int, default=1, help="measure each variant this many times")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--port", type=int, default=3600)
    ap.add_argument("--large", type=int, default=1_000_000)
    args = ap.parse_args()
    db = os.path.join(tempfile.mkdtemp(prefix="quire-auth-"), "quire.db")
    base = f"http://127.0.0.1:{args.port}"

    quire = start_server(args.port, db)
    cookie = bench.register(args.port)
    body = json.dumps({"email": "bench@example.org", "password": "a long enough passphrase",
                       "device_name": "bench"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/auth/token", data=body,
                                     headers={"Content-Type": "application/json"})
    token = json.loads(urllib.request.urlopen(request).read())["token"]
    quire.terminate()
    quire.wait()
    con = sqlite3.connect(db)
    filler = bench.insert_account(con, "filler@example.org", "Filler", "admin")
    con.commit()
    bench_user = con.execute("SELECT id FROM auth_accounts WHERE email = 'bench@example.org'").fetchone()[0]
    con.close()

    print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, one run, machine: {os.cpu_count()} cores")
    for stored in [1_000, args.large]:
        con = sqlite3.connect(db)
        have = con.execute("SELECT COUNT(*) FROM auth_sessions").fetchone()[0]
        con.close()
        bench.seed_sessions(db, stored - have, filler)
        server, jwts = start_auth_server(args.port, db, "bench@example.org")
        # Rounds interleave the variants, and each ratio is taken within its round: on a noisy
        # machine the ratios hold steadier than the rates.
        rounds = [{v: measure(base, v, headers_for(v, cookie, token, jwts), args.seconds, args.connections)
                   for v in VARIANTS} for _ in range(args.rounds)]
        server.terminate()
        server.wait()
        print(f"\n{stored:,} sessions stored (medians of {args.rounds} rounds)")
        for variant in VARIANTS:
            med = lambda f: statistics.median(f(r) for r in rounds)
            ratio = med(lambda r: r[variant]["rps"] / r["jwt-hs256"]["rps"])
            print(f"  {variant:<10} {med(lambda r: r[variant]['rps']):>9.0f} req/s"
                  f"  p50 {med(lambda r: r[variant]['p50']):>6.2f} ms"
                  f"  p99 {med(lambda r: r[variant]['p99']):>6.2f} ms  x{ratio:.2f} of JWT HS256")

    server, jwts = start_auth_server(args.port, db, "bench@example.org")
    con = sqlite3.connect(db)
    con.execute("UPDATE users SET role = 'author' WHERE id = ?", (bench_user,))
    con.commit()
    print("\nafter the role changes from reader to author (100 requests each):")
    for variant in VARIANTS[:4]:
        accepted, roles = answers(base, variant, headers_for(variant, cookie, token, jwts))
        print(f"  {variant:<10} accepted {accepted}, roles reported {sorted(roles)}")
    con.execute("DELETE FROM auth_sessions WHERE account_id = ?", (bench_user,))
    con.execute("UPDATE auth_tokens SET revoked_at = ? WHERE account_id = ?", (int(time.time()), bench_user))
    con.commit()
    con.close()
    print("after signing out everywhere (sessions deleted, tokens revoked; 100 requests each):")
    for variant in VARIANTS[:4]:
        accepted, _ = answers(base, variant, headers_for(variant, cookie, token, jwts))
        print(f"  {variant:<10} still accepted {accepted} of 100")
    server.terminate()


if __name__ == "__main__":
    main()
