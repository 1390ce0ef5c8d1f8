-- Links sent by mail now belong to quire-auth, whose own migration made `auth_links` before this
-- one ran. Every link moves with its id and its credential epoch, so a live link still works
-- once and a spent, voided or revoked one still does not; Quire's table goes.
INSERT INTO auth_links (id, account_id, purpose, token_hash, created_at, expires_at, spent_at,
                        new_email, credential_epoch)
    SELECT id, user_id, purpose, token_hash, created_at, expires_at, spent_at, new_email,
           credential_epoch
    FROM account_links;
DROP TABLE account_links;
