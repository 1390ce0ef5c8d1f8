"""Starts the release build of Quire on loopback for the benchmark and the soak test."""
import os, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HUGE = "1000000000"


def bench_env(log_level="error"):
    """This environment with the settings every benchmarked instance runs with (see below)."""
    return dict(os.environ,
                QUIRE_LOG_LEVEL=log_level,
                QUIRE_LIMITS_SIGN_IN_FAILURES_PER_IP=HUGE,
                QUIRE_LIMITS_SIGN_IN_FAILURES_PER_ACCOUNT=HUGE,
                QUIRE_ACCOUNTS_REQUIRE_VERIFIED_EMAIL="false")


def start_server(port, db, log_level="error", extra_env=None, stdout=None, database_url=None, root=ROOT):
    """The app on 127.0.0.1:`port` with the SQLite file `db`, once it answers. Every request of a
    benchmark comes from one IP, so sign-in throttling is raised; new accounts need not verify
    their address (the bench measures serving, not mail), and mail goes to an outbox beside the
    database. `extra_env` adds settings; `database_url` replaces the SQLite file (PostgreSQL);
    `root` is the checkout whose release build runs (another worktree, to compare builds)."""
    env = dict(bench_env(log_level),
               LEPTOS_SITE_ROOT=os.path.join(root, "target", "site"),
               QUIRE_SITE_ADDRESS=f"127.0.0.1:{port}",
               QUIRE_SITE_ORIGIN=f"http://127.0.0.1:{port}",
               QUIRE_DATABASE_URL=database_url or f"sqlite://{db}",
               QUIRE_MAIL_OUTBOX_DIR=os.path.join(os.path.dirname(os.path.abspath(db)), "outbox"),
               **(extra_env or {}))
    proc = subprocess.Popen([os.path.join(root, "target", "release", "quire")], env=env, cwd=root,
                            stdout=stdout, stderr=subprocess.STDOUT if stdout else None)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return proc
        except Exception:
            time.sleep(0.05)
    proc.kill()
    sys.exit("server did not start")
