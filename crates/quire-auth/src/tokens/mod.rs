//! Bearer tokens for mobile apps and machine clients: opaque, hashed at rest, scoped with the
//! app's own scopes, expiring, and revocable from the next request on, so no blacklist is
//! ever needed.
//!
//! A token is checked by its [format](crate::token_format) before any query, then read with
//! the app's [`Principal`](crate::sessions::Principal) in one query, fresh on every request, as
//! a session is: a role change, a deactivation or a revocation holds from the next request on.
//!
//! ```no_run
//! # async fn build(db: quire_auth::db::Db) -> Result<(), quire_auth::Error> {
//! use quire_auth::{clock::SystemClock, sessions::Principal, token_format::{TokenFormat, TokenKind}};
//! use quire_auth::tokens::{Scope, TokenCheck, Tokens};
//!
//! #[derive(Clone, Copy, PartialEq, Eq, Debug)]
//! enum NotesScope { Read, Write }
//!
//! impl Scope for NotesScope {
//!     const ALL: &'static [Self] = &[NotesScope::Read, NotesScope::Write];
//!     fn name(self) -> &'static str {
//!         match self { NotesScope::Read => "notes:read", NotesScope::Write => "notes:write" }
//!     }
//! }
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
//! let tokens: Tokens<Member> =
//!     Tokens::new(db, std::sync::Arc::new(SystemClock), TokenFormat::new("notes"));
//! match tokens.authenticate::<NotesScope>("notes_pat_…").await? {
//!     TokenCheck::Live(bearer) if bearer.allows(NotesScope::Write) => { /* serve it */ }
//!     TokenCheck::Live(_) => { /* 403 insufficient_scope */ }
//!     TokenCheck::Revoked { .. } => { /* audit: a revoked copy is still in use; then 401 */ }
//!     TokenCheck::Refused => { /* 401 */ }
//! }
//! # Ok(()) }
//! ```
mod bearer;
mod rows;

pub use bearer::{Bearer, Issued, TokenCheck, Tokens};
pub(crate) use rows::revoke_all_in;
pub use rows::{list, revoke, StoredToken};

/// What a token may do, as the app defines it: usually an enum with one variant per scope.
///
/// A token's scopes are stored by [`name`](Self::name), space-separated, so a name has no
/// whitespace and never changes once tokens carry it. A stored name the app no longer lists in
/// [`ALL`](Self::ALL) grants nothing.
pub trait Scope: Copy + Eq + Send + Sync + 'static {
    /// Every scope, in the order the app shows them.
    const ALL: &'static [Self];

    /// The scope's stored and shown name, such as `notes:write`.
    fn name(self) -> &'static str;

    /// The scope named `name`, if the app has one.
    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|scope| scope.name() == name)
    }
}

/// Scopes as stored: their names, space-separated.
pub(crate) fn stored_names<S: Scope>(scopes: &[S]) -> String {
    let names: Vec<&str> = scopes.iter().map(|scope| scope.name()).collect();
    names.join(" ")
}

/// The scopes a stored row grants: the names the app still knows.
pub(crate) fn parse_names<S: Scope>(stored: &str) -> Vec<S> {
    stored.split_whitespace().filter_map(S::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Notes {
        Read,
        Write,
    }

    impl Scope for Notes {
        const ALL: &'static [Self] = &[Notes::Read, Notes::Write];
        fn name(self) -> &'static str {
            match self {
                Notes::Read => "notes:read",
                Notes::Write => "notes:write",
            }
        }
    }

    #[test]
    fn stored_scope_names_round_trip_and_unknown_names_grant_nothing() {
        let stored = stored_names(&[Notes::Write, Notes::Read]);
        assert_eq!(stored, "notes:write notes:read");
        assert_eq!(parse_names::<Notes>(&stored), [Notes::Write, Notes::Read]);
        assert_eq!(parse_names::<Notes>("admin notes:read"), [Notes::Read]);
        assert_eq!(Notes::parse("notes:delete"), None);
    }
}
