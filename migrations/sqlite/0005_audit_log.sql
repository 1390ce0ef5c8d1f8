-- Security-relevant events. Rows name who did what to whom, from where; they never hold a
-- password, a token or a session id (a test scans for them).
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    event      TEXT   NOT NULL,
    actor_id   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    subject_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    ip         TEXT   NOT NULL,
    user_agent TEXT   NOT NULL,
    detail     TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at DESC);
CREATE INDEX audit_log_event ON audit_log (event, at DESC);
