-- quire-auth's migrations: their own sequence, versions 900000000001 and up (an app keeps its
-- own versions out of that range). They run before the app's, so an app's tables may refer to
-- the crate's.
--
-- Rate-limit state shared by every instance on one database (PostgreSQL): GCRA, one row per
-- key. The key is the SHA-256 of what is limited ("sign-in:ip:…"), so no typed address is
-- stored. Times are unix milliseconds: `tat` is the theoretical arrival time of the next event,
-- `blocked_until` when a refused key may go again, `refusals` how many were refused in a row.
-- SQLite runs as one process and keeps these counts in memory; it has the table only so that
-- both backends carry the same schema.
CREATE TABLE IF NOT EXISTS auth_rate_limits (
    key           TEXT   PRIMARY KEY,
    tat           BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0,
    refusals      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS auth_rate_limits_tat ON auth_rate_limits (tat);
