//! What a session record holds: who signed in and when ([`SessionAuth`], stored), and the
//! principal as this request's `load` read it (never stored).
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_sessions::{session::Record, session_store::Error as StoreError};

/// The key of the [`SessionAuth`] in a session: written by sign-in, mirrored into indexed
/// columns when the store saves.
pub const AUTH_KEY: &str = "auth";
/// The key under which `load` puts the principal it read. Never persisted.
pub const PRINCIPAL_KEY: &str = "principal";
/// Set by re-authentication when this request moved the account's epoch itself (a password
/// change): the new row is stored under this epoch rather than the principal's. Never
/// persisted.
pub(crate) const EPOCH_KEY: &str = "auth_epoch";

/// Who signed in, when and from where: the part of a session the store mirrors into columns.
///
/// ```
/// use quire_auth::sessions::SessionAuth;
/// let auth = SessionAuth { account_id: 7, created_at: 0, absolute_expires_at: 86_400,
///     seen_at: 0, ip: "192.0.2.1".into(), user_agent: String::new(), remember: false,
///     sudo_at: 0 };
/// assert_eq!(auth.account_id, 7);
/// ```
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SessionAuth {
    /// The signed-in account (`a.id` of [`Principal::ACCOUNTS`](super::Principal::ACCOUNTS)).
    // Sessions stored before the move into this crate call it `user_id`.
    #[serde(alias = "user_id")]
    pub account_id: i64,
    /// When the session started (unix seconds).
    pub created_at: i64,
    /// When it ends however active it is.
    pub absolute_expires_at: i64,
    /// When the idle expiry was last slid forward (the store is written at most once per
    /// interval the app chooses).
    pub seen_at: i64,
    /// The client's address at sign-in.
    pub ip: String,
    /// The client's user agent at sign-in.
    pub user_agent: String,
    /// "Keep me signed in": the app's longer idle and absolute limits.
    #[serde(default)]
    pub remember: bool,
    /// When the password was last entered in this session (sign-in or a confirmation).
    #[serde(default)]
    pub sudo_at: i64,
}

/// What a row stores besides its id: the record's data without the principal, the indexed
/// columns mirrored from [`SessionAuth`], and the epoch the insert checks.
pub(crate) struct RowValues {
    pub json: String,
    pub auth: SessionAuth,
    pub epoch: Option<i64>,
    pub idle_expires_at: i64,
}

pub(crate) fn encode(
    record: &Record,
    epoch_of: impl FnOnce(Value) -> Result<i64, StoreError>,
) -> Result<RowValues, StoreError> {
    let mut data = record.data.clone();
    let principal = data.remove(PRINCIPAL_KEY);
    let epoch_override = data.remove(EPOCH_KEY);
    let auth = data
        .get(AUTH_KEY)
        .cloned()
        .ok_or_else(|| StoreError::Encode("session without auth".into()))?;
    let auth: SessionAuth =
        serde_json::from_value(auth).map_err(|e| StoreError::Encode(e.to_string()))?;
    let epoch = match epoch_override {
        Some(epoch) => {
            Some(serde_json::from_value(epoch).map_err(|e| StoreError::Encode(e.to_string()))?)
        }
        None => principal.map(epoch_of).transpose()?,
    };
    let json = serde_json::to_string(&data).map_err(|e| StoreError::Encode(e.to_string()))?;
    Ok(RowValues {
        json,
        auth,
        epoch,
        idle_expires_at: record.expiry_date.unix_timestamp(),
    })
}
