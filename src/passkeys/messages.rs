//! The messages passkeys show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const PASSKEY_NAME: Message = Message::new(
    "passkey_name",
    "Give the passkey a name of at most 60 characters.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[PASSKEY_NAME];
