-- The test app's own columns of an account, under the account's id; the session store reads
-- its principal from both tables.
CREATE TABLE members (
    id   BIGINT PRIMARY KEY REFERENCES auth_accounts (id),
    name TEXT   NOT NULL
);
