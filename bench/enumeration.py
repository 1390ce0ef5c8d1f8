#!/usr/bin/env python3
"""Does the time of an answer tell which addresses have accounts? (checklist M02, P02)

Times, against the release build, sequential requests of each pair, interleaved so that drift
on a noisy machine hits both sides alike:
  - "Forgot your password?" for an address with an account and for one without;
  - registration of a new address and of one that already has an account;
  - sign-in with a wrong password and with an unknown address.
Prints the median and p90 in milliseconds and the ratio of the medians per pair. Limits that
would refuse a run of this size are raised; everything else is the default configuration.
"""
import argparse, os, statistics, tempfile, time, urllib.parse, urllib.request

from quire_server import HUGE, start_server

PASSWORD = "a long enough passphrase"


def post(base, endpoint, form):
    body = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(f"{base}/api/{endpoint}", data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json",
        "Origin": base})
    start = time.perf_counter()
    try:
        urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:
        error.read()
    return (time.perf_counter() - start) * 1000


def pair(base, count, left, right):
    times = ([], [])
    for n in range(count):
        for side, make in enumerate((left, right)):
            endpoint, form = make(n)
            times[side].append(post(base, endpoint, form))
    return times


def summary(name, times):
    q = lambda xs, p: sorted(xs)[int(len(xs) * p)]
    medians = [statistics.median(t) for t in times]
    print(f"{name:<44} {medians[0]:7.2f} {q(times[0], .9):7.2f}   {medians[1]:7.2f} "
          f"{q(times[1], .9):7.2f}   {medians[0] / medians[1]:5.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=3180)
    parser.add_argument("--count", type=int, default=200, help="requests per side of each pair")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "quire.db")
        server = start_server(args.port, db, extra_env={
            "QUIRE_LIMITS_REGISTRATIONS_PER_IP": HUGE,
            "QUIRE_LIMITS_PASSWORD_RESETS_PER_ADDRESS": HUGE,
            "QUIRE_LIMITS_PASSWORD_RESETS_PER_IP": HUGE})
        base = f"http://127.0.0.1:{args.port}"
        try:
            post(base, "register", {"email": "known@example.org", "display_name": "Known",
                                    "password": PASSWORD})
            print(f"{'pair (ms)':<44} {'median':>7} {'p90':>7}   {'median':>7} {'p90':>7}   ratio")
            summary("reset: account / no account", pair(
                base, args.count,
                lambda n: ("request_password_reset", {"email": "known@example.org"}),
                lambda n: ("request_password_reset", {"email": f"nobody{n}@example.org"})))
            summary("register: new address / taken address", pair(
                base, args.count,
                lambda n: ("register", {"email": f"new{n}@example.org", "display_name": "New",
                                        "password": PASSWORD}),
                lambda n: ("register", {"email": "known@example.org", "display_name": "Again",
                                        "password": PASSWORD})))
            summary("sign-in: wrong password / unknown address", pair(
                base, args.count,
                lambda n: ("sign_in", {"email": "known@example.org", "password": "wrong one!"}),
                lambda n: ("sign_in", {"email": f"nobody{n}@example.org", "password": "wrong one!"})))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
