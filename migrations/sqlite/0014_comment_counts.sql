-- A post's comment count is kept on its row, so a list reads it instead of counting the
-- post's comments on every view (a post with thousands of them made each home page pay for
-- them). Triggers keep it exact whatever removes a comment: a delete, moderation, or the
-- cascade from a deleted post or user.
ALTER TABLE posts ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
UPDATE posts SET comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_id = posts.id);

CREATE TRIGGER comments_counted AFTER INSERT ON comments
BEGIN
    UPDATE posts SET comment_count = comment_count + 1 WHERE id = NEW.post_id;
END;

CREATE TRIGGER comments_uncounted AFTER DELETE ON comments
BEGIN
    UPDATE posts SET comment_count = comment_count - 1 WHERE id = OLD.post_id;
END;
