-- Whether the owner proved the address by following a link sent to it. Accounts made before
-- verification existed are taken as verified: they were accepted under the rules of their day,
-- and a site upgrading should not silence its existing commenters.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = TRUE;

-- The address an e-mail change link confirms (purpose 'email_change' only).
ALTER TABLE account_links ADD COLUMN new_email TEXT;
