//! The crate's one error type. Its text is for logs, never for a user: an app maps it to its
//! own opaque message and logs the cause chain.

/// What went wrong inside `quire-auth`.
///
/// ```
/// let error = quire_auth::Error::from(sqlx::Error::PoolTimedOut);
/// assert!(error.is_unavailable());
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A query failed, or the database could not be reached.
    #[error("database error")]
    Database(#[from] sqlx::Error),
    /// Too many failed attempts: try again after this many seconds (a 429 with `Retry-After`).
    #[error("too many attempts; try again in {0} seconds")]
    Throttled(u64),
    /// The session could not be read or written (its store failed, or a value in it did not
    /// decode).
    #[error("session error")]
    Session(#[from] tower_sessions::session::Error),
    /// The password was wrong, too long, or named no active account: one answer for each,
    /// so none tells whether an account exists.
    #[error("wrong e-mail or password")]
    WrongPassword,
    /// The code of a sign-in's second step was wrong (a 401 or 422 asking for it again).
    #[error("wrong code")]
    WrongCode,
    /// A sign-in's second step has nothing left to finish (it expired, its tries are spent,
    /// or it was revoked): the user starts again with the password.
    #[error("the pending sign-in is over")]
    SignInAgain,
    /// A passkey was not accepted (unknown, its signature refused, its ceremony spent or
    /// expired, or its account inactive): one answer for each.
    #[error("passkey refused")]
    PasskeyRefused,
    /// A mailed link that is not live: unknown, used, expired, or issued before the account's
    /// credentials were revoked.
    #[error("link expired or already used")]
    LinkExpired,
    /// The request has no signed-in session (a 401).
    #[error("not signed in")]
    SignedOut,
    /// The password must be entered again first ([`Sessions::require_sudo`]; a 403 that asks
    /// for it).
    ///
    /// [`Sessions::require_sudo`]: crate::sessions::Sessions::require_sudo
    #[error("password confirmation required")]
    SudoRequired,
    /// Work off the async runtime failed (a hashing task panicked, the hashing pool closed).
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    pub(crate) fn internal(cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        Error::Internal(Box::new(cause))
    }

    /// Whether the database cannot be used right now (no free connection in time, a broken
    /// connection, SQLite still locked after its busy timeout, PostgreSQL restarting or out of
    /// connections), as opposed to a bug. Such a request changed nothing and may be retried.
    pub fn is_unavailable(&self) -> bool {
        use tower_sessions::{session::Error as SessionError, session_store::Error as StoreError};
        match self {
            Error::Database(e) => crate::db::is_unavailable(e),
            // The store's queries are fixed and tested: a backend error is the database.
            Error::Session(SessionError::Store(StoreError::Backend(_))) => true,
            _ => false,
        }
    }
}
