-- A post's comment count is kept on its row, so a list reads it instead of counting the
-- post's comments on every view (a post with thousands of them made each home page pay for
-- them). A trigger keeps it exact whatever removes a comment: a delete, moderation, or the
-- cascade from a deleted post or user.
ALTER TABLE posts ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_id = posts.id);

CREATE FUNCTION count_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
    ELSE
        UPDATE posts SET comment_count = comment_count - 1 WHERE id = OLD.post_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER comments_counted AFTER INSERT OR DELETE ON comments
FOR EACH ROW EXECUTE FUNCTION count_comments();
