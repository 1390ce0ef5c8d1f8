//! The server's side of errors: logging a cause chain, and telling "the database is out of
//! reach" (503, try again) from a bug (500).
use super::{AppError, Message};

impl AppError {
    /// Logs the full cause chain on the server and hands the browser an opaque message.
    pub fn internal(error: impl std::error::Error) -> Self {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(cause = %chain, "internal error");
        AppError::Internal
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if quire_auth::db::is_unavailable(&error) {
            // Not a bug: the database is down, locked or out of connections. The request
            // changed nothing and can be tried again; the app recovers when the database does.
            tracing::warn!(%error, "database unavailable");
            return AppError::Unavailable;
        }
        AppError::internal(error)
    }
}

impl From<quire_auth::Error> for AppError {
    fn from(error: quire_auth::Error) -> Self {
        match error {
            quire_auth::Error::Database(error) => error.into(),
            quire_auth::Error::Session(error) => error.into(),
            quire_auth::Error::Throttled(seconds) => AppError::TooManyRequests(seconds),
            quire_auth::Error::SignedOut => AppError::Unauthenticated,
            quire_auth::Error::WrongPassword => AppError::BadCredentials,
            quire_auth::Error::SudoRequired => AppError::SudoRequired,
            // The passkeys feature says this in its own words (`passkeys::server`); this is
            // the fallback for a caller that does not.
            quire_auth::Error::PasskeyRefused => AppError::Refused(Message::NOT_ACCEPTED),
            quire_auth::Error::SignInAgain => AppError::SignInAgain,
            quire_auth::Error::LinkExpired => AppError::LinkExpired,
            other => AppError::internal(other),
        }
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        use tower_sessions::{session::Error, session_store::Error as Store};
        if let Error::Store(Store::Backend(cause)) = &error {
            // The session store failed to talk to the database (its queries are fixed and
            // tested, so a backend error means the database, not the query).
            tracing::warn!(%cause, "session store unavailable");
            return AppError::Unavailable;
        }
        AppError::internal(error)
    }
}
