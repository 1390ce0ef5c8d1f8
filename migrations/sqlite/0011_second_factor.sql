-- Authenticator apps (TOTP, RFC 6238), one per account. The secret must stay readable to check
-- codes; once confirmed it is never shown again and never logged (docs/SECURITY.md W03).
-- last_step is the newest time step accepted: a code is accepted once.
CREATE TABLE totp_factors (
    user_id      BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret       TEXT   NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);

-- Single-use recovery codes, stored as SHA-256 only (W04).
CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT    NOT NULL,
    used_at   BIGINT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

-- Between a correct password and a correct code: a short-lived record that can do nothing but
-- finish this one sign-in (W05). Only its id's SHA-256 is stored.
CREATE TABLE pending_sign_ins (
    id_hash    TEXT    PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    remember   BOOLEAN NOT NULL,
    failures   BIGINT  NOT NULL DEFAULT 0,
    expires_at BIGINT  NOT NULL
);
