//! The messages comments show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const COMMENT_MISSING: Message = Message::new("comment_missing", "Write a comment first.");
pub const COMMENT_TOO_LONG: Message = Message::new(
    "comment_too_long",
    "Comments are limited to 2000 characters.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[COMMENT_MISSING, COMMENT_TOO_LONG];
