-- A post's HTML and excerpt are rendered when it is saved, not on every view, and stored with
-- the version of the renderer (Markdown options + sanitiser policy) that made them. A row
-- whose version is not the running one is rendered again: on read at once, and in the
-- background at start-up, so a sanitiser policy change covers every old post. 0: never.
ALTER TABLE posts ADD COLUMN html TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN excerpt TEXT NOT NULL DEFAULT '';
ALTER TABLE posts ADD COLUMN rendered_with BIGINT NOT NULL DEFAULT 0;
