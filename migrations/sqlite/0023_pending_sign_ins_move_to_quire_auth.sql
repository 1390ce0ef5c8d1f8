-- Sign-ins waiting for their second step now belong to quire-auth, whose own migration made
-- `auth_pending_sign_ins` before this one ran. A sign-in in its five minutes across the upgrade
-- keeps its tries and its epoch, and Quire's table goes.
INSERT INTO auth_pending_sign_ins (id_hash, account_id, remember, failures, expires_at, auth_epoch)
    SELECT id_hash, user_id, remember, failures, expires_at, auth_epoch FROM pending_sign_ins;
DROP TABLE pending_sign_ins;
