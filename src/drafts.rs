//! Who may read a post: a blog rule, shared by posts and the comments under them, so it lives
//! beside them in the product layer and not with the plain principal types in `identity`.
use crate::identity::User;

/// Published posts are for everyone; a draft only for its author and admins (a 404 for others).
pub fn may_read_post(viewer: Option<&User>, author_id: i64, published: bool) -> bool {
    published || viewer.is_some_and(|v| v.can_manage(author_id))
}
