-- A post's comments are paged in the order they were stored (by id), and counted per post for
-- the home page and the post page. This index serves both without a sort; the old one ordered by
-- time first, which neither query uses.
CREATE INDEX comments_post_id ON comments (post_id, id);
DROP INDEX comments_post;
