-- API tokens now belong to quire-auth, whose own migration made `auth_tokens` before this one
-- ran. Every token moves with its id (so the audit log's "token #id" still names it), live
-- ones keep working, revoked ones stay revoked, and Quire's table goes.
INSERT INTO auth_tokens (id, account_id, kind, name, token_hash, prefix, last4, scopes,
                         created_at, expires_at, last_used_at, revoked_at)
    SELECT id, user_id, kind, name, token_hash, prefix, last4, scopes, created_at, expires_at,
           last_used_at, revoked_at
    FROM api_tokens;
-- New tokens take ids after the ones that moved.
SELECT setval(pg_get_serial_sequence('auth_tokens', 'id'),
              COALESCE((SELECT MAX(id) FROM auth_tokens), 0) + 1, false);
DROP TABLE api_tokens;
