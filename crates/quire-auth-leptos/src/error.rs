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
    /// The code of the sign-in's second step (authenticator app or recovery code) is wrong.
    #[error("That code is not right. Please try again.")]
    WrongCode,
    /// The sign-in waiting for its code is over (five minutes passed, five wrong codes, or it
    /// was revoked, or it was started in another browser): sign in again with the password.
    #[error("Your sign-in has expired. Please sign in again.")]
    SignInAgain,
    /// The action needs a signed-in session.
    #[error("Please sign in to continue.")]
    SignedOut,
    /// The action needs the password entered again in the last few minutes (sudo mode):
    /// [`SudoPrompt`](crate::SudoPrompt) asks for it, then the user repeats the action.
    #[error("For your safety, confirm your password to continue.")]
    SudoRequired,
    /// The password typed to confirm who the signed-in user is was wrong.
    #[error("That password is not right.")]
    WrongPassword,
    /// The passkey was not accepted (unknown here, its signature refused, its ceremony
    /// expired or spent, or its account inactive): one answer for each.
    #[error("That passkey was not accepted. Please try again or use your password.")]
    PasskeyRefused,
    /// The site offers no passkeys (the app gave its `AuthServer` no relying party).
    #[error("Passkeys are not available on this site.")]
    PasskeysOff,
    /// A passkey's name must be 1 to 60 characters.
    #[error("Please name the passkey (1 to 60 characters).")]
    InvalidName,
    /// The passkey to remove is not one of the account's.
    #[error("That passkey has been removed already.")]
    NoSuchPasskey,
    /// The session to end is not one of the account's open sessions.
    #[error("That session has ended already.")]
    NoSuchSession,
    /// The site offers no bearer tokens (the app did not turn them on with
    /// `AuthServer::tokens`).
    #[error("Access tokens are not available on this site.")]
    TokensOff,
    /// A token's name must be 1 to 100 characters.
    #[error("Please name the token (1 to 100 characters).")]
    InvalidTokenName,
    /// A new token needs at least one scope.
    #[error("Please choose at least one scope.")]
    NoScopes,
    /// The token to revoke is not one of the account's live tokens.
    #[error("That token has been revoked already.")]
    NoSuchToken,
    /// The site offers no two-step settings (the app did not turn them on with
    /// `AuthServer::authenticator_apps`).
    #[error("Two-step sign-in cannot be set up on this site.")]
    TwoStepUnavailable,
    /// Two-step sign-in is on already: turn it off before setting up another app.
    #[error("Two-step sign-in is on already.")]
    TwoStepOn,
    /// Two-step sign-in is off, so there is nothing to turn off and no recovery codes to make.
    #[error("Two-step sign-in is off.")]
    TwoStepOff,
    /// The link from the mail is not live: used already, older than an hour, a newer one was
    /// sent, or the password changed since. One answer for each.
    #[error("This link has expired or was already used. Ask for a new one.")]
    LinkExpired,
    /// The site sends no mail, so no reset or verification link (the app gave its
    /// `AuthServer` no mailer).
    #[error("This site does not send mail, so this is not available.")]
    MailOff,
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

/// An error type of server functions whose refusals name their HTTP status, so that
/// [`error_status`](crate::error_status) answers with it instead of Leptos' 500. An app
/// implements it for its own error type too.
///
/// ```
/// use quire_auth_leptos::{AuthError, HttpRefusal};
/// assert_eq!(AuthError::Throttled(30).status(), 429);
/// assert_eq!(AuthError::Throttled(30).retry_after(), Some(30));
/// ```
pub trait HttpRefusal: serde::de::DeserializeOwned + Send + 'static {
    /// The HTTP status this refusal is answered with.
    fn status(&self) -> u16;

    /// Seconds to wait before trying again, for the `Retry-After` header.
    fn retry_after(&self) -> Option<u64> {
        None
    }
}

impl HttpRefusal for AuthError {
    fn status(&self) -> u16 {
        match self {
            AuthError::WrongCredentials
            | AuthError::WrongPassword
            | AuthError::SignedOut
            | AuthError::WrongCode
            | AuthError::SignInAgain
            | AuthError::PasskeyRefused => 401,
            AuthError::SudoRequired => 403,
            AuthError::Throttled(_) => 429,
            AuthError::InvalidEmail
            | AuthError::InvalidPassword
            | AuthError::InvalidName
            | AuthError::InvalidTokenName
            | AuthError::NoScopes => 422,
            AuthError::NoSuchSession
            | AuthError::NoSuchPasskey
            | AuthError::NoSuchToken
            | AuthError::TokensOff
            | AuthError::TwoStepUnavailable
            | AuthError::PasskeysOff
            | AuthError::MailOff => 404,
            AuthError::LinkExpired => 410,
            AuthError::TwoStepOn | AuthError::TwoStepOff => 409,
            AuthError::BadRequest => 400,
            AuthError::Unavailable => 503,
            AuthError::Internal => 500,
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            AuthError::Throttled(seconds) => Some(*seconds),
            AuthError::Unavailable => Some(5),
            _ => None,
        }
    }
}

/// What went wrong in the server-function machinery itself, before or after the function's
/// body: the two answers an error type needs for
/// [`FromServerFnError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallFailure {
    /// The arguments were malformed (wrong types, missing fields, an undecodable body): the
    /// caller's mistake, a 400.
    Malformed,
    /// Anything else: the server's failure, a 500.
    Failed,
}

impl CallFailure {
    /// Sorts `error` and logs its cause on the server (the browser gets neither the cause nor
    /// its text).
    ///
    /// ```
    /// use leptos::server_fn::error::ServerFnErrorErr;
    /// use quire_auth_leptos::CallFailure;
    /// let missing = ServerFnErrorErr::MissingArg("email".into());
    /// assert_eq!(CallFailure::of(missing), CallFailure::Malformed);
    /// ```
    pub fn of(error: ServerFnErrorErr) -> Self {
        match error {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => {
                #[cfg(feature = "ssr")]
                tracing::info!(cause = %error, "rejected malformed server function call");
                CallFailure::Malformed
            }
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(cause = %other, "server function failed");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                CallFailure::Failed
            }
        }
    }
}

impl FromServerFnError for AuthError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match CallFailure::of(value) {
            CallFailure::Malformed => AuthError::BadRequest,
            CallFailure::Failed => AuthError::Internal,
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
            quire_auth::Error::SudoRequired => AuthError::SudoRequired,
            quire_auth::Error::WrongCode => AuthError::WrongCode,
            quire_auth::Error::SignInAgain => AuthError::SignInAgain,
            quire_auth::Error::PasskeyRefused => AuthError::PasskeyRefused,
            quire_auth::Error::LinkExpired => AuthError::LinkExpired,
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
