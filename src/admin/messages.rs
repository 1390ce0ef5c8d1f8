//! The messages the admin console show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const SEARCH_TOO_LONG: Message =
    Message::new("search_too_long", "Search for at most 100 characters.");

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[SEARCH_TOO_LONG];
