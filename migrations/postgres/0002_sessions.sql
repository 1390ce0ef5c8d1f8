-- The session id itself is never stored: only its SHA-256, so a leaked table cannot be replayed.
CREATE TABLE sessions (
    id_hash             TEXT    PRIMARY KEY,
    user_id             BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    created_at          BIGINT  NOT NULL,
    last_seen_at        BIGINT  NOT NULL,
    idle_expires_at     BIGINT  NOT NULL,
    absolute_expires_at BIGINT  NOT NULL,
    ip                  TEXT    NOT NULL DEFAULT '',
    user_agent          TEXT    NOT NULL DEFAULT '',
    data                TEXT    NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_idle_expires_at ON sessions (idle_expires_at);
