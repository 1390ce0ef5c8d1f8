-- Every credential of an account is revoked as one (docs/SECURITY.md M09, S08).
--
-- users.credential_epoch moves when all of a user's credentials are revoked at once (a password
-- change or reset, an admin ending sessions, deactivation). A mailed link records the value it
-- was issued under and works only while it is still current, so no kind of link outlives such a
-- revocation. It is not auth_epoch, which also moves on a single sign-out: a link must survive
-- its owner signing out of one browser.
ALTER TABLE users ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0;

-- The epoch, and a fourth purpose: the link mailed to the old address when an e-mail change is
-- requested, which cancels it.
ALTER TABLE account_links
    ADD COLUMN credential_epoch BIGINT NOT NULL DEFAULT 0,
    DROP CONSTRAINT account_links_purpose_check,
    ADD CONSTRAINT account_links_purpose_check
        CHECK (purpose IN ('reset', 'verify', 'email_change', 'email_change_cancel'));

-- The pending second step is a credential too (W05): it records the auth_epoch its password
-- check read, and the session it leads to is created against that epoch, not a fresh one.
ALTER TABLE pending_sign_ins ADD COLUMN auth_epoch BIGINT NOT NULL DEFAULT 0;

-- Where a passkey or an authenticator app was added from, so that the owner can tell theirs
-- from a thief's when the password changes (L06).
ALTER TABLE passkeys ADD COLUMN added_from TEXT NOT NULL DEFAULT '';
ALTER TABLE totp_factors ADD COLUMN added_from TEXT NOT NULL DEFAULT '';
