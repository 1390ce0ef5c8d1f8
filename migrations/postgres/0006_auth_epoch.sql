-- Bumped by every revocation of a user's sessions or tokens. A session or token is only ever
-- created while the epoch still has the value read when the request authenticated, so a request
-- that was in flight across a revocation cannot bring a credential back (checklist S08).
ALTER TABLE users ADD COLUMN auth_epoch BIGINT NOT NULL DEFAULT 0;
