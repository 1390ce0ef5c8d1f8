-- Links sent by mail (quire_auth::links). Only the SHA-256 of a link's secret is stored; a link
-- is spent by setting `spent_at` in the statement that checks it, so it works once. It records
-- the account's `credential_epoch` when issued and works only while that is current, so a
-- revocation of everything voids every link. `new_email` is the address an e-mail change link
-- confirms.
CREATE TABLE IF NOT EXISTS auth_links (
    id               INTEGER PRIMARY KEY,
    account_id       BIGINT  NOT NULL REFERENCES auth_accounts (id) ON DELETE CASCADE,
    purpose          TEXT    NOT NULL
                     CHECK (purpose IN ('reset', 'verify', 'email_change', 'email_change_cancel')),
    token_hash       TEXT    NOT NULL UNIQUE,
    created_at       BIGINT  NOT NULL,
    expires_at       BIGINT  NOT NULL,
    spent_at         BIGINT,
    new_email        TEXT,
    credential_epoch BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS auth_links_account ON auth_links (account_id, purpose);
