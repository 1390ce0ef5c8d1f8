//! What a server function of this crate answers when it refuses.
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Why an account action was refused, as the user may read it.
///
/// The variants carry no free text: without JavaScript a refusal travels back to the form in
/// the page's URL (`?__err=`), and a crafted link can then only pick one of these messages,
/// never write its own. The cause of a server-side failure is logged, never shown.
///
/// ```
/// use quire_auth_leptos::AuthError;
/// assert_eq!(AuthError::Throttled(30).status(), 429);
/// assert_eq!(AuthError::WrongCredentials.to_string(), "Wrong e-mail or password.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AuthError {
    /// The address, the password or both are wrong, or the account cannot sign in. One answer
    /// for each of these, so the form tells nobody which addresses have accounts.
    #[error("Wrong e-mail or password.")]
    WrongCredentials,
    /// Too many failed attempts from this address or against this account: try again after
    /// this many seconds.
    #[error("Too many attempts. Try again in {0} seconds.")]
    Throttled(u64),
    /// The address typed at registration is not an e-mail address.
    #[error("Please enter a valid e-mail address.")]
    InvalidEmail,
    /// The new password is shorter than 8 characters or longer than 256 bytes.
    #[error("Please choose a password of at least 8 characters (and at most 256 bytes).")]
    InvalidPassword,
    /// The action needs a signed-in session.
    #[error("Please sign in to continue.")]
    SignedOut,
    /// The session to end is not one of the account's open sessions.
    #[error("That session has ended already.")]
    NoSuchSession,
    /// The request could not be read (a missing or malformed field).
    #[error("The request could not be read.")]
    BadRequest,
    /// The database is down or busy: try again in a moment.
    #[error("The service is busy. Please try again in a moment.")]
    Unavailable,
    /// A failure on the server; its cause is in the server's log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AuthError {
    /// The HTTP status this refusal is answered with.
    pub fn status(&self) -> u16 {
        match self {
            AuthError::WrongCredentials | AuthError::SignedOut => 401,
            AuthError::Throttled(_) => 429,
            AuthError::InvalidEmail | AuthError::InvalidPassword => 422,
            AuthError::NoSuchSession => 404,
            AuthError::BadRequest => 400,
            AuthError::Unavailable => 503,
            AuthError::Internal => 500,
        }
    }

    /// Seconds to wait before trying again, for the `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AuthError::Throttled(seconds) => Some(*seconds),
            AuthError::Unavailable => Some(5),
            _ => None,
        }
    }
}

impl FromServerFnError for AuthError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Malformed arguments: wrong types, missing fields, undecodable bodies.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => {
                #[cfg(feature = "ssr")]
                tracing::info!(cause = %value, "rejected malformed server function call");
                AuthError::BadRequest
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(cause = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AuthError::Internal
            }
        }
    }
}

#[cfg(feature = "ssr")]
impl From<quire_auth::Error> for AuthError {
    /// Logs the cause and keeps only what the user may read.
    fn from(error: quire_auth::Error) -> Self {
        match error {
            quire_auth::Error::WrongPassword => AuthError::WrongCredentials,
            quire_auth::Error::Throttled(seconds) => AuthError::Throttled(seconds),
            // The account's credentials were revoked while this request was in flight.
            quire_auth::Error::SignedOut => AuthError::SignedOut,
            error if error.is_unavailable() => {
                tracing::warn!(cause = %error, "database unavailable");
                AuthError::Unavailable
            }
            error => {
                tracing::error!(cause = ?error, "account action failed");
                AuthError::Internal
            }
        }
    }
}
