//! The messages two-step sign-in show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const WRONG_CODE: Message = Message::new(
    "wrong_code",
    "That code is not right. Check your authenticator app, or use a recovery code.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[WRONG_CODE];
