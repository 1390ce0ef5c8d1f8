-- wrk script: POST a sign-in as a same-origin page would. BENCH_EMAIL, BENCH_PASSWORD and
-- BENCH_ORIGIN come from bench.py.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.body = "email=" .. os.getenv("BENCH_EMAIL") .. "&password=" .. os.getenv("BENCH_PASSWORD")
