//! The messages passkeys show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const PASSKEY_NAME: Message = Message::new(
    "passkey_name",
    "Give the passkey a name of at most 60 characters.",
);

/// A passkey (or its ceremony) that was not accepted.
pub const REFUSED: Message = Message::new(
    "passkey_refused",
    "That passkey was not accepted, or the request took too long. Try again, or use your password.",
);

/// The site is reached by an address passkeys cannot be bound to (an IP address).
pub const OFF: Message = Message::new("passkeys_off", "Passkeys are not available on this site.");

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[PASSKEY_NAME, REFUSED, OFF];
