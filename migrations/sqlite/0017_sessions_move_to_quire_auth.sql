-- Sessions now belong to quire-auth, whose own migration made `auth_sessions` before this one
-- ran. Every live session moves over (its cookie keeps working), and Quire's table goes. The
-- crate's table cannot name `users` in a foreign key: sessions of a user are deleted by the
-- revocations that end them, as before.
INSERT INTO auth_sessions (id_hash, account_id, created_at, last_seen_at, idle_expires_at,
                           absolute_expires_at, ip, user_agent, data)
    SELECT id_hash, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at,
           ip, user_agent, data
    FROM sessions WHERE user_id IS NOT NULL;
DROP TABLE sessions;
