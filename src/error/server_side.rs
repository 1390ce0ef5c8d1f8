//! The server's side of errors: logging a cause chain, and telling "the database is out of
//! reach" (503, try again) from a bug (500).
use super::AppError;

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

/// Whether `error` says the database cannot be used right now (no connection within the pool's
/// timeout, a broken connection, SQLite still locked after the busy timeout, PostgreSQL
/// restarting or out of connections), as opposed to a bug in a query. Such a request is
/// answered 503 with `Retry-After`.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                // SQLSTATE classes: 08 connection exception, 40 transaction rollback
                // (serialisation, deadlock), 53 insufficient resources, 57 operator
                // intervention (shutdown, statement timeout); and 55000, what a new
                // connection gets while the database does not accept any (maintenance).
                ["08", "40", "53", "57", "55000"]
                    .iter()
                    .any(|class| pg.code().starts_with(class))
            } else {
                // SQLITE_BUSY and SQLITE_LOCKED, with their extended codes in the low byte.
                db.code()
                    .and_then(|code| code.parse::<i32>().ok())
                    .is_some_and(|code| matches!(code & 0xff, 5 | 6))
            }
        }
        _ => false,
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            // Not a bug: the database is down, locked or out of connections. The request
            // changed nothing and can be tried again; the app recovers when the database does.
            tracing::warn!(%error, "database unavailable");
            return AppError::Unavailable;
        }
        AppError::internal(error)
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
