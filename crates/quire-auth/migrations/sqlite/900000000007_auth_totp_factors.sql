-- Authenticator apps (quire_auth::totp, RFC 6238), one per account. The secret must stay
-- readable to check codes; once confirmed it is never shown again and never logged.
-- last_step is the newest time step accepted: each code is accepted once.
CREATE TABLE IF NOT EXISTS auth_totp_factors (
    account_id   BIGINT PRIMARY KEY REFERENCES auth_accounts (id) ON DELETE CASCADE,
    secret       TEXT   NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    added_from   TEXT   NOT NULL DEFAULT ''
);
