CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    -- Stored trimmed and lower-cased, which makes uniqueness case-insensitive.
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'reader' CHECK (role IN ('reader', 'author', 'admin')),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
