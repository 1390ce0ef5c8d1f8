#!/usr/bin/env python3
"""A reader on a slow phone, build against build (#14): runs end2end's slow-phone test (4x CPU
throttling, slow 3G) against the release build in each `--root` (default: this checkout; another
worktree compares a branch), alternating builds for `--runs` rounds, and prints the median times
until the home page and a post are readable and hydrated. Each build serves bench.py's prepared
site (25 posts by an admin, so no setup notice). Needs a release build in each root and end2end's
node_modules here (`scripts/setup.sh test` installs them)."""
import argparse, json, os, statistics, subprocess, sys

import bench
import quire_server

END2END = os.path.join(quire_server.ROOT, "end2end")
RESULTS = os.path.join(END2END, "test-results", "slow-phone.json")


def one_run(root, port):
    """The slow-phone test's pages against the build in `root`, as [(url, readable, hydrated)]."""
    with bench.prepared_site(port, comments=3, root=root):
        run = subprocess.run(["npx", "playwright", "test", "-c", "external.config.ts"], cwd=END2END,
                             env=dict(os.environ, E2E_PORT=str(port)), capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"the slow-phone test failed against {root}:\n{run.stdout}{run.stderr}")
    with open(RESULTS) as f:
        return [(p["url"], p["readableMs"], p["hydratedMs"]) for p in json.load(f)["pages"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", action="append", help="a checkout with a release build (repeatable)")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--port", type=int, default=3800)
    args = ap.parse_args()
    roots = [os.path.abspath(r) for r in args.root or [quire_server.ROOT]]
    runs = {root: [] for root in roots}
    for _ in range(args.runs):
        for root in roots:
            runs[root].append(one_run(root, args.port))
    print("4x CPU throttling, slow 3G (400 ms, 400 kbit/s); medians of", args.runs, "runs, ms")
    for root, results in runs.items():
        print(root)
        for i, (url, _, _) in enumerate(results[0]):
            readable = statistics.median(r[i][1] for r in results)
            hydrated = statistics.median(r[i][2] for r in results)
            print(f"  {url:<20} readable {readable:>6.0f}   hydrated {hydrated:>6.0f}")


if __name__ == "__main__":
    main()
