-- Outgoing mail. A message is written here in the same transaction as the change that causes
-- it and sent by the mail worker, so an SMTP outage delays mail but loses none. A worker claims
-- a row by moving claimed_until into the future in one statement; others skip it until that
-- lease runs out. Bodies are erased once a message is sent or given up on: they may hold a
-- link that works until then.
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT    NOT NULL,
    recipient_name  TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    text_body       TEXT    NOT NULL,
    html_body       TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    claimed_until   BIGINT,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    finished_at     BIGINT
);
CREATE INDEX mail_queue_due ON mail_queue (status, next_attempt_at);

-- Links sent by mail. Only the SHA-256 of the link's secret is stored; a link is spent by
-- setting spent_at in the statement that checks it, so it works once.
CREATE TABLE account_links (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('reset', 'verify', 'email_change')),
    token_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    spent_at   BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);
