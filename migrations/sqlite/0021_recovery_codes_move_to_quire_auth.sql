-- Recovery codes now belong to quire-auth, whose own migration made `auth_recovery_codes` before
-- this one ran. Every code moves with its id, used ones stay used, and Quire's table goes.
INSERT INTO auth_recovery_codes (id, account_id, code_hash, used_at)
    SELECT id, user_id, code_hash, used_at FROM recovery_codes;
DROP TABLE recovery_codes;
