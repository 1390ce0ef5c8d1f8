//! Server-side sessions for [tower-sessions]: a [`SessionStore`] on the crate's database that
//! keeps only SHA-256 hashes of session ids, and reads the app's signed-in [`Principal`] in the
//! same query as the session, fresh on every request.
//!
//! The session's own facts (who signed in, when, from where) are a [`SessionAuth`] under
//! [`AUTH_KEY`]; `load` puts the principal it read under [`PRINCIPAL_KEY`], and that value is
//! never written back. Nothing about an account is cached between requests: a role change or a
//! deactivation holds from the next request on.
//!
//! ```no_run
//! # async fn build(db: quire_auth::db::Db) {
//! use quire_auth::{clock::SystemClock, sessions::{Principal, SessionStore}};
//! use tower_sessions::SessionManagerLayer;
//!
//! #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
//! struct Member { id: i64, name: String, auth_epoch: i64 }
//!
//! impl Principal for Member {
//!     const ACCOUNTS: &'static str = "auth_accounts a JOIN members m ON m.id = a.id";
//!     const COLUMNS: &'static str = "a.id, m.name, a.auth_epoch";
//!     fn auth_epoch(&self) -> i64 { self.auth_epoch }
//! }
//!
//! let store = SessionStore::<Member>::new(db, std::sync::Arc::new(SystemClock));
//! let layer = SessionManagerLayer::new(store).with_secure(true);
//! # let _ = layer;
//! # }
//! ```
//!
//! [tower-sessions]: https://docs.rs/tower-sessions
mod principal;
mod record;
mod rows;
mod store;
mod unreachable;

pub use principal::Principal;
pub use record::{SessionAuth, AUTH_KEY, PRINCIPAL_KEY};
pub use rows::{
    delete, delete_all, delete_expired, delete_one_of, delete_others, ends_at, keep_newest, list,
    StoredSession,
};
pub use store::{hash_id, SessionStore};
pub use unreachable::noting_unreachable;
