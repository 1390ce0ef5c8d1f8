-- Every list is read a page at a time in index order, so a page costs the same with ten rows
-- or a hundred thousand (checklist A01).
--
-- A post's comments are paged in the order they were stored (by id) and counted per post for
-- the home page and the post page. The old index ordered by time first, which neither uses.
CREATE INDEX comments_post_id ON comments (post_id, id);
DROP INDEX comments_post;

-- The moderation view lists drafts and published posts together, newest first.
CREATE INDEX posts_recent ON posts (COALESCE(published_at, updated_at) DESC, id DESC);
