//! The messages accounts and passwords show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const EMAIL_INVALID: Message = Message::new("email_invalid", "Enter a valid e-mail address.");
pub const EMAIL_TAKEN: Message = Message::new(
    "email_taken",
    "An account with this e-mail already exists. Sign in instead.",
);
pub const EMAIL_SAME: Message = Message::new("email_same", "That is already your address.");
pub const NAME_MISSING: Message = Message::new("name_missing", "Enter your name.");
pub const NAME_TOO_LONG: Message = Message::new("name_too_long", "Use at most 60 characters.");
pub const PASSWORD_TOO_SHORT: Message =
    Message::new("password_too_short", "Use at least 8 characters.");
pub const PASSWORD_TOO_LONG: Message = Message::new("password_too_long", "Use at most 256 bytes.");
pub const PASSWORD_GUESSABLE: Message = Message::new(
    "password_guessable",
    "This password is too common or easy to guess. Try a few unrelated words.",
);
pub const NOT_YOUR_PASSWORD: Message =
    Message::new("not_your_password", "That is not your password.");
pub const NOT_YOUR_CURRENT_PASSWORD: Message = Message::new(
    "not_your_current_password",
    "That is not your current password.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[
    EMAIL_INVALID,
    EMAIL_TAKEN,
    EMAIL_SAME,
    NAME_MISSING,
    NAME_TOO_LONG,
    PASSWORD_TOO_SHORT,
    PASSWORD_TOO_LONG,
    PASSWORD_GUESSABLE,
    NOT_YOUR_PASSWORD,
    NOT_YOUR_CURRENT_PASSWORD,
];
