-- Sign-ins between a correct password and their second step (quire_auth::pending_sign_ins): a
-- short-lived record that can do nothing but finish this one sign-in, live only while the
-- account's auth epoch is the one its password check read. Only its id's SHA-256 is stored.
CREATE TABLE IF NOT EXISTS auth_pending_sign_ins (
    id_hash    TEXT    PRIMARY KEY,
    account_id BIGINT  NOT NULL REFERENCES auth_accounts (id) ON DELETE CASCADE,
    remember   BOOLEAN NOT NULL,
    failures   BIGINT  NOT NULL DEFAULT 0,
    expires_at BIGINT  NOT NULL,
    auth_epoch BIGINT  NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_pending_sign_ins_account ON auth_pending_sign_ins (account_id);
