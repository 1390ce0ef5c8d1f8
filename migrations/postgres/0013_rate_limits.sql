-- Rate-limit state shared by every instance on one database: sign-in throttling (P03) and
-- write limits (A02) as GCRA, one row per key. The key is the SHA-256 of "sign-in:ip:…",
-- "comments:account:…" and so on, so no typed address is stored. Times are unix milliseconds:
-- `tat` is the theoretical arrival time of the next event, `blocked_until` when a refused key
-- may go again, `refusals` how many were refused in a row (the first is audited).
-- PostgreSQL uses it; SQLite runs as one process and keeps these counts in memory, and has the
-- table only so that both backends carry the same schema.
CREATE TABLE rate_limits (
    key           TEXT   PRIMARY KEY,
    tat           BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0,
    refusals      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rate_limits_tat ON rate_limits (tat);
