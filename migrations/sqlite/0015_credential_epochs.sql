-- Every credential of an account is revoked as one (docs/SECURITY.md M09, S08).
--
-- users.credential_epoch moves when all of a user's credentials are revoked at once (a password
-- change or reset, an admin ending sessions, deactivation). A mailed link records the value it
-- was issued under and works only while it is still current, so no kind of link outlives such a
-- revocation. It is not auth_epoch, which also moves on a single sign-out: a link must survive
-- its owner signing out of one browser.
ALTER TABLE users ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0;

-- account_links again, with the epoch and a fourth purpose: the link mailed to the old address
-- when an e-mail change is requested, which cancels it. SQLite cannot alter a CHECK, so the
-- table is rebuilt.
CREATE TABLE account_links_new (
    id               INTEGER PRIMARY KEY,
    user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose          TEXT    NOT NULL
                     CHECK (purpose IN ('reset', 'verify', 'email_change', 'email_change_cancel')),
    token_hash       TEXT    NOT NULL UNIQUE,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL,
    spent_at         BIGINT,
    new_email        TEXT,
    credential_epoch BIGINT  NOT NULL DEFAULT 0
);
INSERT INTO account_links_new
    (id, user_id, purpose, token_hash, created_at, expires_at, spent_at, new_email)
    SELECT id, user_id, purpose, token_hash, created_at, expires_at, spent_at, new_email
    FROM account_links;
DROP TABLE account_links;
ALTER TABLE account_links_new RENAME TO account_links;
CREATE INDEX account_links_user ON account_links (user_id, purpose);

-- The pending second step is a credential too (W05): it records the auth_epoch its password
-- check read, and the session it leads to is created against that epoch, not a fresh one.
ALTER TABLE pending_sign_ins ADD COLUMN auth_epoch BIGINT NOT NULL DEFAULT 0;

-- Where a passkey or an authenticator app was added from, so that the owner can tell theirs
-- from a thief's when the password changes (L06).
ALTER TABLE passkeys ADD COLUMN added_from TEXT NOT NULL DEFAULT '';
ALTER TABLE totp_factors ADD COLUMN added_from TEXT NOT NULL DEFAULT '';
