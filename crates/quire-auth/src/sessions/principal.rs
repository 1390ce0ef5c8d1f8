//! What the app tells the store about its accounts.
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{postgres::PgRow, sqlite::SqliteRow, FromRow};

/// The app's signed-in principal (its user type, with whatever roles it has), read with the
/// session in the one query of every request.
///
/// The store writes its SQL from the two fragments, which must be constants of the app's own
/// code, never anything a request supplied. [`ACCOUNTS`](Self::ACCOUNTS) is the crate's
/// `auth_accounts` with the alias `a` (its `a.id`, `a.active` and `a.auth_epoch` are read),
/// joined with the app's own table of what it shows about an account, under the same id.
///
/// ```
/// #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
/// struct User { id: i64, display_name: String, role: String, auth_epoch: i64 }
///
/// impl quire_auth::sessions::Principal for User {
///     const ACCOUNTS: &'static str = "auth_accounts a JOIN profiles p ON p.id = a.id";
///     const COLUMNS: &'static str = "a.id, p.display_name, p.role, a.auth_epoch";
///     fn account_id(&self) -> i64 { self.id }
///     fn auth_epoch(&self) -> i64 { self.auth_epoch }
/// }
/// ```
pub trait Principal:
    Serialize
    + DeserializeOwned
    + Send
    + Sync
    + Unpin
    + 'static
    + for<'r> FromRow<'r, SqliteRow>
    + for<'r> FromRow<'r, PgRow>
{
    /// `auth_accounts a`, and the joins that bring the principal's other columns.
    const ACCOUNTS: &'static str;
    /// The columns this type's `FromRow` reads, from [`ACCOUNTS`](Self::ACCOUNTS).
    const COLUMNS: &'static str;

    /// The account's id (`a.id`).
    fn account_id(&self) -> i64;

    /// The account's `auth_epoch` as this request read it. A session is stored only while the
    /// account's epoch is still this value: a revocation bumps it, and a sign-in that was in
    /// flight meanwhile stores nothing.
    fn auth_epoch(&self) -> i64;
}
