-- Bearer tokens for mobile apps and machine clients (quire_auth::tokens). Only the SHA-256 of a
-- token is stored; `prefix` and `last4` let its owner recognise it in a list without it being
-- usable. `scopes` are the app's scope names, space-separated. A revoked token keeps its row
-- (with `revoked_at`), so that a copy presented again can be told apart from a mistyped one.
CREATE TABLE IF NOT EXISTS auth_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   BIGINT  NOT NULL REFERENCES auth_accounts (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('app', 'pat')),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,
    last4        TEXT    NOT NULL,
    scopes       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX IF NOT EXISTS auth_tokens_account_id ON auth_tokens (account_id);
