#!/usr/bin/env python3
"""The signed-out event stream under load (#12, checklist D03): 1,000 open streams, then a
revocation. Reports the server's resident memory per open stream and the time from the
revocation request to each affected tab's `signed_out` event.

10 users sign in 10 times each (100 sessions) and every session opens 10 streams, as 10 tabs
of one browser would: 1,000 streams. Then one user signs out everywhere else from an 11th
session: that user's 100 streams must each get the event; the other 900 must stay open.
Release build, SQLite, loopback; bounded (one revocation, a few seconds of waiting).

    python3 bench/event_streams.py            one instance on SQLite
    scripts/with-postgres.sh python3 bench/event_streams.py --across-instances

The second runs two instances on PostgreSQL (scripts/with-cluster.sh): the streams are open on
instance b, the revocation is made on instance a, so every event crosses LISTEN/NOTIFY.
"""
import asyncio, os, resource, subprocess, sys, tempfile, time, urllib.request

from quire_server import ROOT, bench_env, start_server

PORT = 3199
USERS, SESSIONS, TABS = 10, 10, 10
PASSWORD = "password=a+long+enough+passphrase"
SETTINGS = {"QUIRE_LIMITS_REGISTRATIONS_PER_IP": "1000000000", "QUIRE_SESSION_MAX_PER_USER": "100"}
# Where requests go: the instance that writes, the one holding the streams, and the origin.
WRITE_PORT = STREAM_PORT = PORT
ORIGIN = f"http://127.0.0.1:{PORT}"


def post(path, body, cookie=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
               "Origin": ORIGIN}
    if cookie:
        headers["Cookie"] = cookie
    req = urllib.request.Request(f"http://127.0.0.1:{WRITE_PORT}{path}", data=body.encode(), headers=headers)
    with urllib.request.urlopen(req) as res:
        set_cookie = res.headers.get("Set-Cookie")
        return set_cookie.split(";")[0] if set_cookie else None


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


async def open_stream(cookie):
    reader, writer = await asyncio.open_connection("127.0.0.1", STREAM_PORT)
    writer.write((f"GET /api/session_events HTTP/1.1\r\nHost: 127.0.0.1:{STREAM_PORT}\r\n"
                  f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0], head
    return reader, writer


async def wait_signed_out(reader, timeout):
    """Seconds (monotonic) when the event arrived, or None."""
    try:
        async with asyncio.timeout(timeout):
            buffer = b""
            while b"event: signed_out" not in buffer:
                chunk = await reader.read(4096)
                if not chunk:
                    return None
                buffer += chunk
            return time.monotonic()
    except TimeoutError:
        return None


async def measure(stream_pid):
    """The measurement, once the instances are up."""
    sessions = {}
    for u in range(USERS):
        email = f"u{u}%40example.org"
        post("/api/register", f"email={email}&display_name=User{u}&{PASSWORD}")
        sessions[u] = [post("/api/sign_in", f"email={email}&{PASSWORD}") for _ in range(SESSIONS)]
    time.sleep(1)
    before = rss_kib(stream_pid)
    streams = {u: [await open_stream(c) for c in cookies for _ in range(TABS)]
               for u, cookies in sessions.items()}
    await asyncio.sleep(2)
    after = rss_kib(stream_pid)
    count = USERS * SESSIONS * TABS
    print(f"open streams: {count}; server RSS {before} KiB -> {after} KiB, "
          f"{(after - before) / count:.1f} KiB per stream")

    admin_cookie = post("/api/sign_in", f"email=u0%40example.org&{PASSWORD}")
    waits = [asyncio.create_task(wait_signed_out(r, 10)) for r, _ in streams[0]]
    others = [asyncio.create_task(wait_signed_out(r, 1.5)) for u in range(1, USERS)
              for r, _ in streams[u]]
    started = time.monotonic()
    await asyncio.to_thread(post, "/api/revoke_other_sessions", "", admin_cookie)
    arrived = [t for t in await asyncio.gather(*waits) if t is not None]
    untouched = sum(1 for t in await asyncio.gather(*others) if t is None)
    latencies = sorted((t - started) * 1000 for t in arrived)
    if latencies:
        p50, worst = latencies[len(latencies) // 2], latencies[-1]
        print(f"revocation -> signed_out: {len(latencies)}/{len(waits)} tabs told; "
              f"p50 {p50:.1f} ms, slowest {worst:.1f} ms (request included)")
    else:
        print(f"revocation -> signed_out: 0/{len(waits)} tabs told")
    print(f"other users' streams still open and silent: {untouched}/{len(others)}")
    for tabs in streams.values():
        for _, writer in tabs:
            writer.close()


def main():
    global WRITE_PORT, STREAM_PORT, ORIGIN
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if "--across-instances" in sys.argv:
        # Runs itself again inside the two-instance setup (scripts/with-cluster.sh).
        env = dict(bench_env(), **SETTINGS)
        cmd = [os.path.join(ROOT, "scripts", "with-cluster.sh"), sys.executable, os.path.abspath(__file__), "--inside"]
        return subprocess.run(cmd, env=env).returncode
    if "--inside" in sys.argv:
        WRITE_PORT, STREAM_PORT = int(os.environ["CLUSTER_A_PORT"]), int(os.environ["CLUSTER_B_PORT"])
        ORIGIN = os.environ["CLUSTER_URL"]
        print("two instances on PostgreSQL: streams on b, revocation on a")
        return asyncio.run(measure(int(os.environ["CLUSTER_B_PID"])))
    folder = tempfile.mkdtemp(prefix="quire-events-")
    server = start_server(PORT, os.path.join(folder, "quire.db"), extra_env=SETTINGS)
    try:
        return asyncio.run(measure(server.pid))
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
