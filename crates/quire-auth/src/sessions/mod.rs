//! Server-side sessions for [tower-sessions]: one layer that reads the app's signed-in
//! [`Principal`] with the session, fresh on every request, and [`Sessions`] to sign in, out and
//! again.
//!
//! The store ([`SessionStore`]) keeps only SHA-256 hashes of session ids. The session's own
//! facts (who signed in, when, from where) are a [`SessionAuth`] under [`AUTH_KEY`]; `load`
//! puts the principal it read under [`PRINCIPAL_KEY`], and that value is never written back.
//! Nothing about an account is cached between requests: a role change or a deactivation holds
//! from the next request on.
//!
//! ```no_run
//! # async fn build(db: quire_auth::db::Db) {
//! use quire_auth::{clock::SystemClock, sessions::{Current, Principal, SessionPolicy, Sessions}};
//!
//! #[derive(Clone, serde::Serialize, serde::Deserialize, sqlx::FromRow)]
//! struct Member { id: i64, name: String, auth_epoch: i64 }
//!
//! impl Principal for Member {
//!     const ACCOUNTS: &'static str = "auth_accounts a JOIN members m ON m.id = a.id";
//!     const COLUMNS: &'static str = "a.id, m.name, a.auth_epoch";
//!     fn account_id(&self) -> i64 { self.id }
//!     fn auth_epoch(&self) -> i64 { self.auth_epoch }
//! }
//!
//! async fn whoami(Current(member): Current<Member>) -> String {
//!     member.map_or("nobody".into(), |m| m.name)
//! }
//!
//! let sessions = Sessions::new(db, std::sync::Arc::new(SystemClock), SessionPolicy::default());
//! let app: axum::Router = axum::Router::new()
//!     .route("/me", axum::routing::get(whoami))
//!     .layer(sessions.layer::<Member>().build());
//! # }
//! ```
//!
//! [tower-sessions]: https://docs.rs/tower-sessions
mod current;
mod layer;
mod lifecycle;
mod open_counts;
mod policy;
mod principal;
mod record;
mod rows;
mod signed_out;
mod store;
mod unreachable;

pub use current::Current;
pub use layer::SessionLayerBuilder;
pub use lifecycle::{handle_of, IdleClock, Sessions};
pub use policy::SessionPolicy;
pub use principal::Principal;
pub use record::{SessionAuth, AUTH_KEY, PRINCIPAL_KEY};
pub use rows::{
    delete, delete_all, delete_expired, delete_one_of, delete_others, ends_at, keep_newest, list,
    StoredSession,
};
pub use signed_out::{SIGNED_OUT_EVENT, STREAMS_PER_SESSION};
pub use store::{hash_id, SessionStore};
use unreachable::noting_unreachable;
