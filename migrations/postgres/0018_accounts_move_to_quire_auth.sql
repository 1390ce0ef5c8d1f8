-- The account columns now belong to quire-auth's `auth_accounts`, made by its own migration
-- before this one ran; `users` keeps the blog's: the display name and the role, under the
-- account's id. Every account moves with its id, so every row that refers to a user still does.
INSERT INTO auth_accounts (id, email, password_hash, active, email_verified, auth_epoch,
                           credential_epoch, webauthn_handle, created_at, updated_at)
    SELECT id, email, password_hash, active, email_verified, auth_epoch, credential_epoch,
           webauthn_handle, created_at, updated_at
    FROM users;
-- New accounts take ids after the ones that moved.
SELECT setval(pg_get_serial_sequence('auth_accounts', 'id'),
              COALESCE((SELECT MAX(id) FROM auth_accounts), 0) + 1, false);
DROP INDEX users_webauthn_handle;
ALTER TABLE users
    DROP COLUMN email,
    DROP COLUMN password_hash,
    DROP COLUMN active,
    DROP COLUMN email_verified,
    DROP COLUMN auth_epoch,
    DROP COLUMN credential_epoch,
    DROP COLUMN webauthn_handle,
    ALTER COLUMN id DROP IDENTITY,
    ADD CONSTRAINT users_account FOREIGN KEY (id) REFERENCES auth_accounts (id) ON DELETE CASCADE;
