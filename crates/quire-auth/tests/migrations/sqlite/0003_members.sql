-- The test app's accounts, which the session store reads its principal from.
CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    auth_epoch BIGINT  NOT NULL DEFAULT 0
);
