//! The messages API tokens show next to a form field (see `crate::error::Message`).
use crate::error::Message;

pub const TOKEN_NAME: Message = Message::new(
    "token_name",
    "Give the token a name of at most 100 characters.",
);
pub const TOKEN_EXPIRY: Message =
    Message::new("token_expiry", "Choose an expiry of at most a year.");
pub const TOKEN_SCOPES: Message = Message::new("token_scopes", "Choose at least one scope.");
pub const DEVICE_NAME: Message = Message::new(
    "device_name",
    "Give the device a name of at most 100 characters.",
);

/// Every message above, for the composition root to register.
pub const ALL: &[Message] = &[TOKEN_NAME, TOKEN_EXPIRY, TOKEN_SCOPES, DEVICE_NAME];
