#!/usr/bin/env python3
"""Quire soak test: mixed traffic against the release app on loopback for a bounded time.

Threads, each one kind of client, run without think time for --minutes (default 10):
anonymous readers, signed-in readers, a sign-in/sign-out cycler, commenters flooding one hot
post, an author saving posts, and an API client with a token (list, me, comment). Reports total
requests, unexpected statuses (anything but 2xx/3xx, and 429 on writes, which is the limit
working), p50/p99 per kind in the first and the last minute, the server's resident memory at the
start and the end, the database size, and error lines in the server log ("database is locked").

Every request comes from 127.0.0.1, so the per-IP write limits and sign-in throttling are raised
for the run (one IP is an artifact of the loopback test). Per-account limits are raised to
3,600 comments and 600 post saves an hour so writes keep landing; the writers still ask faster
than that, so the limiter answers 429 throughout. Not part of the README test command.
"""
import argparse, json, os, re, shutil, sqlite3, tempfile, threading, time
import urllib.error, urllib.parse, urllib.request
from http.cookiejar import CookieJar

from quire_server import HUGE, start_server

PASSWORD = "a long enough passphrase"
WRITES = {"comment", "post", "api-comment"}


class Client:
    """One browser: its own cookies, Origin on every POST, redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base, token=None):
        self.base, self.token = base, token
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), Client.NoRedirect)

    def send(self, method, path, form=None, body=None):
        headers = {"Origin": self.base}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            return 0, str(error).encode()


class Recorder:
    def __init__(self):
        self.start = time.monotonic()
        self.rows = []  # (kind, seconds since start, latency ms, status)
        self.lock = threading.Lock()

    def timed(self, kind, call):
        began = time.monotonic()
        status, body = call()
        row = (kind, began - self.start, (time.monotonic() - began) * 1000, status)
        with self.lock:
            self.rows.append(row)
        return status, body


def start(port, db, log, unlimited):
    per_ip = {f"QUIRE_LIMITS_{kind}_PER_IP": HUGE for kind in ["COMMENTS", "POSTS", "REGISTRATIONS", "TOKENS"]}
    per_account = {"QUIRE_LIMITS_COMMENTS_PER_ACCOUNT": HUGE if unlimited else "3600",
                   "QUIRE_LIMITS_POSTS_PER_ACCOUNT": HUGE if unlimited else "600"}
    return start_server(port, db, "warn", per_ip | per_account, log)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def signed_in(base, email, name):
    client = Client(base)
    status, _ = client.send("POST", "/api/register",
                            form={"email": email, "display_name": name, "password": PASSWORD})
    assert status == 200, f"register {email}: {status}"
    status, _ = client.send("POST", "/api/sign_in", form={"email": email, "password": PASSWORD})
    assert status == 200, f"sign in {email}: {status}"
    return client


def workers(base, db, rec, until):
    """The cast, set up through the app (roles through the database), and one loop per kind."""
    author = signed_in(base, "author@example.org", "Author")
    con = sqlite3.connect(db)
    con.execute("UPDATE users SET role = 'author' "
                "WHERE id = (SELECT id FROM auth_accounts WHERE email = 'author@example.org')")
    con.commit()
    con.close()
    slugs = []
    for n in range(25):
        status, body = author.send("POST", "/api/save_post", form={
            "title": f"Seeded post {n}", "body": "# Hello\n\nSome *Markdown* text.\n\n- one\n- two",
            "published": "on"})
        assert status == 200, f"seed post {n}: {status}"
        slugs.append(json.loads(body))
    hot = slugs[-1]
    readers = [signed_in(base, f"reader{n}@example.org", f"Reader {n}") for n in range(2)]
    commenters = [signed_in(base, f"commenter{n}@example.org", f"Commenter {n}") for n in range(2)]
    signed_in(base, "cycler@example.org", "Cycler")
    signed_in(base, "app@example.org", "App")
    app = Client(base)
    status, body = app.send("POST", "/api/v1/auth/token", body={
        "email": "app@example.org", "password": PASSWORD, "device_name": "soak"})
    assert status == 201, f"token: {status}"
    app.token = json.loads(body)["token"]

    def forever(step):
        def run():
            n = 0
            while time.monotonic() < until:
                step(n)
                n += 1
        return run

    def read(client, kind):
        def step(n):
            slug = hot if n % 3 == 0 else slugs[n % len(slugs)]
            path = ["/", f"/posts/{slug}", f"/posts/{slug}?page=2"][n % 3]
            rec.timed(kind, lambda: client.send("GET", path))
        return step

    def cycle(n):
        cycler = Client(base)
        rec.timed("sign-in", lambda: cycler.send("POST", "/api/sign_in", form={
            "email": "cycler@example.org", "password": PASSWORD}))
        rec.timed("sign-in", lambda: cycler.send("GET", "/account/sessions"))
        rec.timed("sign-in", lambda: cycler.send("POST", "/api/sign_out", form={}))

    def comment(client):
        def step(n):
            rec.timed("comment", lambda: client.send("POST", "/api/add_comment", form={
                "slug": hot, "body": f"Soak comment {n}"}))
        return step

    def write(n):
        rec.timed("post", lambda: author.send("POST", "/api/save_post", form={
            "title": f"Soak post {n}", "body": "Written during the soak.", "published": "on"}))

    def api(n):
        if n % 3 == 0:
            rec.timed("api", lambda: app.send("GET", "/api/v1/posts?page=2"))
        elif n % 3 == 1:
            rec.timed("api", lambda: app.send("GET", "/api/v1/me"))
        else:
            rec.timed("api-comment", lambda: app.send("POST", f"/api/v1/posts/{hot}/comments",
                                                       body={"body": f"From the app {n}"}))

    steps = [read(Client(base), "anonymous") for _ in range(3)]
    steps += [read(client, "signed-in") for client in readers]
    steps += [cycle, write, api] + [comment(client) for client in commenters]
    return [threading.Thread(target=forever(step)) for step in steps]


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def report(rec, minutes, rss, db, log_path):
    rows = rec.rows
    expected = lambda kind, status: 200 <= status < 400 or (status == 429 and kind in WRITES)
    unexpected = [r for r in rows if not expected(r[0], r[3])]
    print(f"\n{len(rows):,} requests in {minutes} min; unexpected statuses: {len(unexpected)}")
    for kind, _, _, status in unexpected[:10]:
        print(f"  {kind}: {status}")
    print("\n| kind | requests | 429 | p50 first min | p99 first min | p50 last min | p99 last min | p99 last/first |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    end = max(r[1] for r in rows)
    for kind in ["anonymous", "signed-in", "sign-in", "comment", "post", "api", "api-comment"]:
        mine = [r for r in rows if r[0] == kind]
        first = [r[2] for r in mine if r[1] < 60]
        last = [r[2] for r in mine if r[1] >= end - 60]
        limited = sum(1 for r in mine if r[3] == 429)
        ratio = pct(last, 0.99) / pct(first, 0.99)
        print(f"| {kind} | {len(mine):,} | {limited:,} | {pct(first, .5):.1f} ms | {pct(first, .99):.1f} ms "
              f"| {pct(last, .5):.1f} ms | {pct(last, .99):.1f} ms | {ratio:.2f} |")
    print(f"\nresident memory: {rss[0] / 1024:.1f} MiB at the start (after seeding), "
          f"{rss[-1] / 1024:.1f} MiB at the end, peak {max(rss) / 1024:.1f} MiB")
    # Sampled every 5 s: one figure a minute shows whether it levels off or keeps climbing.
    print("by minute (MiB): " + ", ".join(f"{kib / 1024:.0f}" for kib in rss[::12]))
    size = sum(os.path.getsize(p) for p in [db, db + "-wal"] if os.path.exists(p))
    con = sqlite3.connect(db)
    counts = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ["comments", "posts", "sessions", "audit_log"]}
    print(f"database: {size / 1048576:.1f} MiB, rows: {counts}")
    with open(log_path) as log:
        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in log]
    locked = sum("database is locked" in line for line in lines)
    errors = sum(re.search(r"\bERROR\b", line) is not None for line in lines)
    print(f"server log: {len(lines)} lines, {errors} at ERROR, 'database is locked' {locked} times")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--port", type=int, default=3400)
    parser.add_argument("--unlimited", action="store_true",
                        help="no per-account write limits either: every write lands (pushing harder)")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    tmp = tempfile.mkdtemp(prefix="quire-soak-")
    db, log_path = os.path.join(tmp, "soak.db"), os.path.join(tmp, "server.log")
    with open(log_path, "w") as log:
        server = start(args.port, db, log, args.unlimited)
        try:
            rec = Recorder()
            until = time.monotonic() + args.minutes * 60
            threads = workers(base, db, rec, until)
            rec.start = time.monotonic()
            rss = [rss_kib(server.pid)]
            for thread in threads:
                thread.start()
            while any(t.is_alive() for t in threads):
                time.sleep(5)
                rss.append(rss_kib(server.pid))
            report(rec, args.minutes, rss, db, log_path)
        finally:
            server.terminate()
            server.wait()
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
