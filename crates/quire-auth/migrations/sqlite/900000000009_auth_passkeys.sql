-- Passkeys (quire_auth::passkeys). One row per registered passkey: `passkey` is webauthn-rs's
-- record as JSON (the public key, the signature counter and the backup flags, updated after
-- every use); `added_from` names the device it was added from. The account's user handle is
-- `auth_accounts.webauthn_handle`, a random UUID.
CREATE TABLE IF NOT EXISTS auth_passkeys (
    id            INTEGER PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES auth_accounts (id) ON DELETE CASCADE,
    credential_id TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    passkey       TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT,
    added_from    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS auth_passkeys_account ON auth_passkeys (account_id);

-- A ceremony in progress: the challenge's server-side state, bound to one browser by the
-- SHA-256 of a secret in its HttpOnly cookie, spent by the request that finishes it, gone after
-- five minutes. Written only when a ceremony starts, never for a visitor who just looks.
CREATE TABLE IF NOT EXISTS auth_passkey_ceremonies (
    id_hash    TEXT   PRIMARY KEY,
    purpose    TEXT   NOT NULL,
    account_id BIGINT REFERENCES auth_accounts (id) ON DELETE CASCADE,
    state      TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_passkey_ceremonies_account ON auth_passkey_ceremonies (account_id);
