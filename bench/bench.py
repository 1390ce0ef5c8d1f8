#!/usr/bin/env python3
"""Quire load benchmark: one wrk process against the release app on loopback.

Compares, in one run: a signed-in page, the same page signed out, a static asset, and a post
page with comments (the home page lists 20 of 25 seeded posts); the
signed-in page with 1,000 and with 1,000,000 stored sessions; the signed-in page during a storm
of 64 concurrent sign-ins against the same page idle; and sign-in latency for an unknown e-mail
against a wrong password. Prints requests/s, p50 and p99 per case and the ratios. Bounded: each
wrk run lasts --seconds and targets 127.0.0.1 only. Sign-in throttling is raised for the run
(every request comes from one IP) and new accounts need not verify their address; everything
else is the default configuration.
"""
import argparse, contextlib, os, re, shutil, sqlite3, subprocess, sys, tempfile, time, urllib.request, secrets, hashlib

from quire_server import ROOT, start_server
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def register(port, email="bench%40example.org", origin=None):
    """Registers (which signs nobody in), then signs in: the session cookie. `origin`: the
    site's origin, when it is not the instance's own address (behind nginx)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
               "Origin": origin or f"http://127.0.0.1:{port}"}
    password = "password=a+long+enough+passphrase"
    body = f"email={email}&display_name=Bench&{password}".encode()
    urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/register",
                                                  data=body, headers=headers)).read()
    body = f"email={email}&{password}".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/sign_in", data=body,
                                 headers=headers)
    with urllib.request.urlopen(req) as res:
        cookie = res.headers["Set-Cookie"].split(";")[0]
    return cookie


def wrk_cmd(url, seconds, connections, cookie=None, script=None):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    if script:
        cmd += ["-s", os.path.join(ROOT, "bench", script)]
    return cmd


def parse(url, out, allow_errors=False):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * UNITS[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors and not allow_errors:
        sys.exit(f"{url}: {errors.group(1)} error responses\n{out}")
    return {"rps": rps, "p50": pct(50), "p99": pct(99)}


def wrk(url, seconds, connections, cookie=None, script=None, env=None, allow_errors=False):
    cmd = wrk_cmd(url, seconds, connections, cookie, script)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    return parse(url, out, allow_errors)


def sign_in_env(port, email, password):
    return dict(os.environ, BENCH_ORIGIN=f"http://127.0.0.1:{port}", BENCH_EMAIL=email,
                BENCH_PASSWORD=password)


def login_storm(base, port, seconds, cookie):
    """64 concurrent sign-ins (another user) while 8 connections load the signed-in page."""
    env = sign_in_env(port, "storm%40example.org", "a+long+enough+passphrase")
    storm = subprocess.Popen(wrk_cmd(base + "/api/sign_in", seconds, 64, script="sign_in.lua"),
                             stdout=subprocess.PIPE, text=True, env=env)
    page = wrk(base + "/", seconds, 8, cookie)
    out, _ = storm.communicate()
    return page, parse("/api/sign_in", out)


def insert_account(con, email, display_name, role):
    """An account that cannot sign in (its password hash is no hash), as quire-auth and Quire
    store it: the account's row and the blog's under the same id. Returns the id."""
    cur = con.execute("INSERT INTO auth_accounts (email, password_hash, active, created_at, updated_at) "
                      "VALUES (?, 'x', TRUE, 0, 0)", (email,))
    con.execute("INSERT INTO users (id, display_name, role, created_at, updated_at) VALUES (?, ?, ?, 0, 0)",
                (cur.lastrowid, display_name, role))
    return cur.lastrowid


def seed_sessions(db, count, user_id):
    """Adds `count` live sessions of another user, as the store would write them."""
    con = sqlite3.connect(db)
    now = int(time.time())
    rows = ((hashlib.sha256(secrets.token_bytes(16)).hexdigest(), user_id, now, now, now + 3600, now + 7200, "{}")
            for _ in range(count))
    con.executemany("INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, idle_expires_at, "
                    "absolute_expires_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


FLOOD = 1_527  # the comments one account posted in 40 s before write limits (#16)


def seed_posts(db, author_id, count=25, comments=10):
    """A full home page: `count` published Markdown posts, `comments` comments on the newest, and
    FLOOD comments on the second newest."""
    con = sqlite3.connect(db)
    now = int(time.time())
    body = "Some **Markdown** with a [link](https://example.com/) and a list:\n\n- one\n- two\n\n" * 8
    con.executemany("INSERT INTO posts (author_id, slug, title, body, published, published_at, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, TRUE, ?, ?, ?)",
                    ((author_id, f"post-{n}", f"Post number {n}", body, now - n, now - n, now - n)
                     for n in range(count)))
    con.executemany("INSERT INTO comments (post_id, author_id, body, created_at) "
                    "SELECT id, ?, ?, ? FROM posts WHERE slug = 'post-0'",
                    ((author_id, f"Comment {n}: <b>shown as text</b>", now + n) for n in range(comments)))
    con.executemany("INSERT INTO comments (post_id, author_id, body, created_at) "
                    "SELECT id, ?, ?, ? FROM posts WHERE slug = 'post-1'",
                    ((author_id, f"Flood {n}: " + "words " * 40, now + n) for n in range(FLOOD)))
    con.commit()
    con.close()


@contextlib.contextmanager
def prepared_site(port, comments=10, root=ROOT):
    """The app over a new database in a temporary folder: the bench user registered and signed
    in (its cookie), and seed_posts' posts by a second user, the site's admin (as on any site
    after /setup, so no setup notice), who also owns the bulk sessions so the bench user's
    lookups stay the same. Rows written behind the app's back carry no stored rendering: the
    start-up job of a restart stores it, as after an upgrade that changed the renderer. Yields
    (database path, cookie, admin id); the server is stopped and the folder removed afterwards.
    `root` is the checkout whose release build serves it."""
    workdir = tempfile.mkdtemp(prefix="quire-bench-")
    db = os.path.join(workdir, "quire.db")
    try:
        cookie, admin = _prepare(port, db, comments, root)
        server = start_server(port, db, root=root)
        try:
            time.sleep(1)
            yield db, cookie, admin
        finally:
            server.terminate()
            server.wait()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _prepare(port, db, comments, root):
    """Registers the bench user through the app, then writes the rest behind its back."""
    server = start_server(port, db, root=root)
    try:
        cookie = register(port)
        con = sqlite3.connect(db)
        admin = insert_account(con, "filler@example.org", "Filler", "admin")
        con.commit()
        con.close()
        seed_posts(db, admin, comments=comments)
    finally:
        server.terminate()
        server.wait()
    return cookie, admin


def row(name, r):
    print(f"  {name:<34} {r['rps']:>10.0f} req/s   p50 {r['p50']:>7.2f} ms   p99 {r['p99']:>7.2f} ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--port", type=int, default=3300)
    ap.add_argument("--large", type=int, default=1_000_000, help="sessions for the lookup test")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: bench/run.sh installs it")

    base = f"http://127.0.0.1:{args.port}"
    with prepared_site(args.port) as (db, cookie, filler_id):
        print(f"wrk -t2 -c{args.connections} -d{args.seconds}s, one run, machine: {os.cpu_count()} cores")
        signed_in = wrk(base + "/", args.seconds, args.connections, cookie)
        signed_out = wrk(base + "/", args.seconds, args.connections)
        static = wrk(base + "/pkg/quire.css", args.seconds, args.connections)
        sign_in_page = wrk(base + "/sign-in", args.seconds, args.connections)
        post = wrk(base + "/posts/post-0", args.seconds, args.connections)
        row("1. signed-in page /", signed_in)
        row("2. signed-out page /", signed_out)
        row("3. static /pkg/quire.css", static)
        row("3b. signed-out /sign-in (no data)", sign_in_page)
        row("4. signed-out post + 10 comments", post)
        print(f"  ratio 1/2 (target >= 0.50): {signed_in['rps'] / signed_out['rps']:.2f}")
        print(f"  ratio 2/3: {signed_out['rps'] / static['rps']:.2f}")
        print(f"  ratio 2/3b (home page against /sign-in, #14 target >= 0.6): "
              f"{signed_out['rps'] / sign_in_page['rps']:.2f}")
        print(f"  ratio 4/2: {post['rps'] / signed_out['rps']:.2f}")
        flooded = wrk(base + "/posts/post-1", args.seconds, args.connections)
        last = -(-FLOOD // 20)
        flooded_last = wrk(base + f"/posts/post-1?page={last}", args.seconds, args.connections)
        row(f"5. post + {FLOOD:,} comments, page 1", flooded)
        row(f"6. the same, last page ({last})", flooded_last)
        print(f"  ratio 5/4 (one page of many against a few): {flooded['rps'] / post['rps']:.2f}")
        print(f"  ratio 6/4: {flooded_last['rps'] / post['rps']:.2f}")

        seed_sessions(db, 1_000 - 1, filler_id)
        small = wrk(base + "/", args.seconds, args.connections, cookie)
        seed_sessions(db, args.large - 1_000, filler_id)
        large = wrk(base + "/", args.seconds, args.connections, cookie)
        row("signed-in, 1,000 sessions stored", small)
        row(f"signed-in, {args.large:,} sessions stored", large)
        print(f"  ratio large/small throughput: {large['rps'] / small['rps']:.2f}"
              f"   p50 {large['p50'] / small['p50']:.2f}x")

        register(args.port, "storm%40example.org")
        idle = wrk(base + "/", args.seconds, 8, cookie)
        during, sign_ins = login_storm(base, args.port, args.seconds, cookie)
        row("signed-in page, idle (8 conns)", idle)
        row("signed-in page, during storm", during)
        row("sign-in storm (64 conns)", sign_ins)
        print(f"  ratio storm p99 / idle p99 (target <= 3): {during['p99'] / idle['p99']:.2f}")

        wrong = wrk(base + "/api/sign_in", args.seconds, 2, script="sign_in.lua", allow_errors=True,
                    env=sign_in_env(args.port, "bench%40example.org", "not+the+password"))
        unknown = wrk(base + "/api/sign_in", args.seconds, 2, script="sign_in.lua", allow_errors=True,
                      env=sign_in_env(args.port, "nobody%40example.org", "not+the+password"))
        row("sign-in, wrong password", wrong)
        row("sign-in, unknown e-mail", unknown)
        print(f"  ratio unknown / wrong p50 (P02, ~1.0 wanted): {unknown['p50'] / wrong['p50']:.2f}")


if __name__ == "__main__":
    main()
