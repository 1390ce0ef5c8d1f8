//! What a session record holds: who signed in and when ([`SessionAuth`], stored), and the user
//! as this request's `load` read it ([`User`], never stored).
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_sessions::{session::Record, session_store::Error as StoreError};

use crate::identity::User;

/// Who signed in and when; written by sign-in, mirrored into indexed columns on save.
pub const AUTH_KEY: &str = "auth";
/// The user row as read by this request's `load`. Never persisted.
pub const USER_KEY: &str = "user";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionAuth {
    pub user_id: i64,
    pub created_at: i64,
    pub absolute_expires_at: i64,
    /// When the expiry was last slid forward (the store is written at most once per interval).
    pub seen_at: i64,
    pub ip: String,
    pub user_agent: String,
    /// "Keep me signed in": longer idle and absolute limits.
    #[serde(default)]
    pub remember: bool,
    /// When the password was last entered in this session (sign-in or confirmation).
    #[serde(default)]
    pub sudo_at: i64,
}

/// What a row stores besides its id: the record's data without the joined user, and the
/// indexed columns mirrored from [`SessionAuth`].
pub(super) struct RowValues {
    pub json: String,
    pub auth: SessionAuth,
    pub user: Option<User>,
    pub idle_expires_at: i64,
}

pub(super) fn encode(record: &Record) -> Result<RowValues, StoreError> {
    let mut data = record.data.clone();
    let user = data.remove(USER_KEY);
    let decode = |value: Option<&Value>, what: &str| {
        value
            .cloned()
            .ok_or_else(|| StoreError::Encode(format!("session without {what}")))
    };
    let auth: SessionAuth = serde_json::from_value(decode(data.get(AUTH_KEY), "auth")?)
        .map_err(|e| StoreError::Encode(e.to_string()))?;
    let user: Option<User> = user
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| StoreError::Encode(e.to_string()))?;
    let json = serde_json::to_string(&data).map_err(|e| StoreError::Encode(e.to_string()))?;
    Ok(RowValues {
        json,
        auth,
        user,
        idle_expires_at: record.expiry_date.unix_timestamp(),
    })
}
