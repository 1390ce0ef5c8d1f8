-- Authenticator apps now belong to quire-auth, whose own migration made `auth_totp_factors`
-- before this one ran. Every factor moves, confirmed or being set up, with its last accepted
-- step (so a code used before the upgrade is not accepted again), and Quire's table goes.
INSERT INTO auth_totp_factors (account_id, secret, confirmed_at, last_step, created_at, added_from)
    SELECT user_id, secret, confirmed_at, last_step, created_at, added_from FROM totp_factors;
DROP TABLE totp_factors;
