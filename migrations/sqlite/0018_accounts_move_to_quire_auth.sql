-- The account columns now belong to quire-auth's `auth_accounts`, made by its own migration
-- before this one ran; `users` keeps the blog's: the display name and the role, under the
-- account's id. Every account moves with its id, so every row that refers to a user still does.
--
-- SQLite cannot drop a UNIQUE column, so `users` is rebuilt: a new table, the rows copied, the
-- old one dropped, the new one renamed. quire_auth::db::connect runs migrations with foreign
-- keys off, as this needs (with them on, dropping the old table would delete every post,
-- comment and credential through ON DELETE CASCADE), and checks every reference afterwards.
INSERT INTO auth_accounts (id, email, password_hash, active, email_verified, auth_epoch,
                           credential_epoch, webauthn_handle, created_at, updated_at)
    SELECT id, email, password_hash, active, email_verified, auth_epoch, credential_epoch,
           webauthn_handle, created_at, updated_at
    FROM users;
CREATE TABLE users_blog_columns (
    id           INTEGER PRIMARY KEY REFERENCES auth_accounts (id) ON DELETE CASCADE,
    display_name TEXT    NOT NULL,
    role         TEXT    NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'author', 'admin')),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
INSERT INTO users_blog_columns (id, display_name, role, created_at, updated_at)
    SELECT id, display_name, role, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_blog_columns RENAME TO users;
