-- Posts are stored as Markdown and rendered (then sanitised) when read, so a change to the
-- sanitiser's policy applies to every existing post at once.
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    author_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    published    BOOLEAN NOT NULL DEFAULT FALSE,
    published_at BIGINT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX posts_published ON posts (published, published_at DESC, id DESC);
CREATE INDEX posts_author ON posts (author_id, updated_at DESC);

-- Comments are plain text, escaped when shown.
CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id  BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);
CREATE INDEX comments_post ON comments (post_id, created_at, id);
CREATE INDEX comments_recent ON comments (created_at DESC, id DESC);
