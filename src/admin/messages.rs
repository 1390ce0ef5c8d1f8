//! The messages the admin console show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const SEARCH_TOO_LONG: Message =
    Message::new("search_too_long", "Search for at most 100 characters.");

/// The console is closed to an admin without a second factor on a site that asks for one
/// (`accounts.require_second_factor_for_admins`).
pub const SECOND_FACTOR_REQUIRED: Message = Message::new(
    "second_factor_required",
    "This site asks admins to use two-step sign-in. Turn it on in Account → Security first.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[SEARCH_TOO_LONG, SECOND_FACTOR_REQUIRED];
