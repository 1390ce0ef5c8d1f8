-- The shared rate limits now belong to quire-auth, whose own migration made
-- `auth_rate_limits` before this one ran. The counts in flight move over, and Quire's table goes.
INSERT INTO auth_rate_limits (key, tat, blocked_until, refusals)
    SELECT key, tat, blocked_until, refusals FROM rate_limits;
DROP TABLE rate_limits;
