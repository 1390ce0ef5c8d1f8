-- Single-use recovery codes for two-step sign-in (quire_auth::recovery_codes), stored as
-- SHA-256 only; a code is spent by the statement that checks it.
CREATE TABLE IF NOT EXISTS auth_recovery_codes (
    id         INTEGER PRIMARY KEY,
    account_id BIGINT  NOT NULL REFERENCES auth_accounts (id) ON DELETE CASCADE,
    code_hash  TEXT    NOT NULL,
    used_at    BIGINT
);
CREATE INDEX IF NOT EXISTS auth_recovery_codes_account ON auth_recovery_codes (account_id);
