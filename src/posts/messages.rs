//! The messages posts and the editor show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const TITLE_MISSING: Message = Message::new("title_missing", "Give the post a title.");
pub const TITLE_TOO_LONG: Message =
    Message::new("title_too_long", "Keep the title under 200 characters.");
pub const TITLE_TAKEN: Message = Message::new(
    "title_taken",
    "Too many posts share this title. Choose another.",
);
pub const BODY_MISSING: Message = Message::new("body_missing", "Write something first.");
pub const BODY_TOO_LONG: Message =
    Message::new("body_too_long", "Posts are limited to 50000 bytes.");
pub const PREVIEW_TOO_LONG: Message =
    Message::new("preview_too_long", "This post is too long to preview.");

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[
    TITLE_MISSING,
    TITLE_TOO_LONG,
    TITLE_TAKEN,
    BODY_MISSING,
    BODY_TOO_LONG,
    PREVIEW_TOO_LONG,
];
