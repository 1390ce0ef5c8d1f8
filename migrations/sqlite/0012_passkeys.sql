-- Passkeys (WebAuthn). The user handle an authenticator stores is a random UUID, not the
-- account id or address: it is all a passkey tells the site before the signature is checked.
ALTER TABLE users ADD COLUMN webauthn_handle TEXT;
CREATE UNIQUE INDEX users_webauthn_handle ON users (webauthn_handle);

-- One row per registered passkey. `passkey` is webauthn-rs's record as JSON: the public key,
-- the signature counter and the backup flags, updated after every use (W02).
CREATE TABLE passkeys (
    id            INTEGER PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    passkey       TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

-- A ceremony in progress (W01): the challenge's server-side state, bound to one browser by the
-- SHA-256 of a secret in its HttpOnly cookie, spent by the request that finishes it, gone after
-- five minutes. Written only when a ceremony starts, never for a visitor who just looks.
CREATE TABLE passkey_ceremonies (
    id_hash    TEXT   PRIMARY KEY,
    purpose    TEXT   NOT NULL,
    user_id    BIGINT REFERENCES users (id) ON DELETE CASCADE,
    state      TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
