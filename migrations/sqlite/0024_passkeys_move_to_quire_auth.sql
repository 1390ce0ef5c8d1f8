-- Passkeys now belong to quire-auth, whose own migration made `auth_passkeys` and
-- `auth_passkey_ceremonies` before this one ran. Every passkey moves with its id (the audit
-- log names it), its counter and flags, its name and the device it was added from, so it
-- signs in after the upgrade as before; a ceremony in its five minutes moves too. The user
-- handles are already on `auth_accounts`. Quire's tables go.
INSERT INTO auth_passkeys (id, account_id, credential_id, name, passkey, created_at,
                           last_used_at, added_from)
    SELECT id, user_id, credential_id, name, passkey, created_at, last_used_at, added_from
    FROM passkeys;
INSERT INTO auth_passkey_ceremonies (id_hash, purpose, account_id, state, expires_at)
    SELECT id_hash, purpose, user_id, state, expires_at FROM passkey_ceremonies;
DROP TABLE passkeys;
DROP TABLE passkey_ceremonies;
