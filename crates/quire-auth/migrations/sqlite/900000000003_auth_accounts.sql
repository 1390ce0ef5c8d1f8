-- Accounts (quire_auth's): what signing in needs, and nothing of what the app shows. The app
-- keeps its own columns (a display name, roles) in a table of its own under the same id, and
-- tells the session store how to join the two (sessions::Principal).
--
-- `email` is stored trimmed and lower-cased, which makes uniqueness case-insensitive.
-- `auth_epoch` moves on every revocation of the account's sessions or tokens: a credential is
-- only stored while the epoch a request read is unchanged. `credential_epoch` moves when all
-- of its credentials are revoked at once; a mailed link works only while it is unchanged.
-- `webauthn_handle` is the account's random user handle for passkeys.
CREATE TABLE IF NOT EXISTS auth_accounts (
    id               INTEGER PRIMARY KEY,
    email            TEXT    NOT NULL UNIQUE,
    password_hash    TEXT    NOT NULL,
    active           BOOLEAN NOT NULL DEFAULT TRUE,
    email_verified   BOOLEAN NOT NULL DEFAULT FALSE,
    auth_epoch       BIGINT  NOT NULL DEFAULT 0,
    credential_epoch BIGINT  NOT NULL DEFAULT 0,
    webauthn_handle  TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS auth_accounts_webauthn_handle ON auth_accounts (webauthn_handle);
