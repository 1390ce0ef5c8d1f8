#!/usr/bin/env python3
"""What a request costs (#14): the same pages signed in and signed out, the home page against a
page with no data, and the fixed cost every request pays, back to back in one run.

Prints requests/s, p50 and p99 per case and the ratios #14 sets targets for: a page signed in
at >= 0.85 of its rate signed out, and the signed-out home page (20 posts) at >= 0.6 of
/sign-in. Run through bench/request_costs.sh, which builds what it needs; `--only NAME` (may be
repeated) measures some cases, e.g. to profile one; `--rounds N` repeats them and prints medians.
"""
import argparse, os, statistics

import bench

# (name, path, signed in)
CASES = [
    ("static /pkg/quire.css", "/pkg/quire.css", False),
    ("404 page", "/no/such/page", False),
    ("/sign-in signed out", "/sign-in", False),
    ("/sign-in signed in", "/sign-in", True),
    ("/account/password signed out", "/account/password", False),
    ("/account/password signed in", "/account/password", True),
    ("home, 20 posts, signed out", "/", False),
    ("home, 20 posts, signed in", "/", True),
]
RATIOS = [
    ("/sign-in signed in", "/sign-in signed out", "signed in / out, /sign-in (target >= 0.85)"),
    ("/account/password signed in", "/account/password signed out",
     "signed in / out, /account/password (target >= 0.85)"),
    ("home, 20 posts, signed out", "/sign-in signed out", "home / /sign-in (target >= 0.6)"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--port", type=int, default=3700)
    ap.add_argument("--only", action="append", help="measure only the cases named so")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the cases and take medians")
    args = ap.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    with bench.prepared_site(args.port, comments=0) as (_, cookie, _):
        print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, one run, machine: {os.cpu_count()} cores")
        # Rounds repeat every case; each ratio is taken within its round, and the medians
        # printed (rates on this machine vary between runs more than ratios within one).
        rounds = []
        for _ in range(args.rounds):
            results = {}
            for name, path, signed_in in CASES:
                if args.only and name not in args.only:
                    continue
                results[name] = bench.wrk(base + path, args.seconds, args.connections,
                                          cookie if signed_in else None,
                                          allow_errors=path == "/no/such/page")
            rounds.append(results)
        for name in rounds[0]:
            bench.row(name, {k: statistics.median(r[name][k] for r in rounds) for k in ("rps", "p50", "p99")})
        for top, bottom, label in RATIOS:
            if top in rounds[0] and bottom in rounds[0]:
                ratios = [r[top]["rps"] / r[bottom]["rps"] for r in rounds]
                print(f"  {label}: {statistics.median(ratios):.2f}"
                      f" (rounds: {', '.join(f'{x:.2f}' for x in ratios)})")


if __name__ == "__main__":
    main()
