//! Types shared by the token API and the account pages.
use serde::{Deserialize, Serialize};

/// Every scope a token can hold. App tokens (mobile sign-in) get all of them.
pub const SCOPES: &[&str] = &[
    "profile:read",
    "tokens:read",
    "posts:write",
    "comments:write",
];

/// A token as lists show it: never the secret, only what identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub prefix: String,
    pub last4: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
}
