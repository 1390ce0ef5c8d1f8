-- Server-side sessions (quire_auth::sessions). The session id itself is never stored: only its
-- SHA-256, so a copy of the table cannot be turned into live cookies. `account_id` is the id of
-- a row in the app's account table; the crate cannot name that table in a foreign key, so an
-- app that deletes an account deletes the account's sessions with it.
-- `data` is the session record as JSON; the other columns mirror what is listed or swept.
-- Times are unix seconds.
CREATE TABLE IF NOT EXISTS auth_sessions (
    id_hash             TEXT    PRIMARY KEY,
    account_id          BIGINT  NOT NULL,
    created_at          BIGINT  NOT NULL,
    last_seen_at        BIGINT  NOT NULL,
    idle_expires_at     BIGINT  NOT NULL,
    absolute_expires_at BIGINT  NOT NULL,
    ip                  TEXT    NOT NULL DEFAULT '',
    user_agent          TEXT    NOT NULL DEFAULT '',
    data                TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_sessions_account_id ON auth_sessions (account_id);
CREATE INDEX IF NOT EXISTS auth_sessions_idle_expires_at ON auth_sessions (idle_expires_at);
