//! The one error type that crosses the wire. Its messages are written for users and reveal nothing
//! about the server: causes are logged where the error is made (see `AppError::internal`).
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

mod message;
#[cfg(feature = "ssr")]
mod server_side;
pub use message::{register_messages, Message};

/// A message for one form field, shown next to that field. The message is a catalogue entry,
/// so an error decoded from a URL cannot carry text of an attacker's choosing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    #[error("Wrong e-mail or password.")]
    BadCredentials,
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You are not allowed to do that.")]
    Forbidden,
    #[error("Please confirm your password to continue.")]
    SudoRequired,
    #[error("Verify your e-mail address first: follow the link we sent you.")]
    Unverified,
    /// Not allowed by one of the site's rules, which the feature that made it names (403).
    #[error("{0}")]
    Denied(Message),
    #[error("This request did not come from this site, so it was refused. Reload the page and try again.")]
    CrossSite,
    #[error("Not found.")]
    NotFound,
    #[error("This link has expired or was already used.")]
    LinkExpired,
    #[error("Your sign-in took too long or had too many wrong codes. Sign in again.")]
    SignInAgain,
    /// A credential other than the password was not accepted, in its feature's words (401).
    #[error("{0}")]
    Refused(Message),
    /// Something this site does not offer, in its feature's words (404).
    #[error("{0}")]
    NotOffered(Message),
    #[error("Too many attempts. Try again in {0} seconds.")]
    TooManyRequests(u64),
    #[error("The request could not be understood.")]
    BadRequest,
    #[error("Quire cannot reach its database right now. Nothing was changed; please try again in a few seconds.")]
    Unavailable,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
}

impl AppError {
    pub fn invalid(field: &str, message: Message) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message,
        }])
    }

    /// The message for `field`, if this error has one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.to_string()),
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::BadCredentials | AppError::Unauthenticated => 401,
            AppError::Forbidden
            | AppError::SudoRequired
            | AppError::CrossSite
            | AppError::Unverified
            | AppError::Denied(_) => 403,
            AppError::NotFound | AppError::NotOffered(_) => 404,
            AppError::LinkExpired => 410,
            AppError::SignInAgain | AppError::Refused(_) => 401,
            AppError::TooManyRequests(_) => 429,
            AppError::BadRequest => 400,
            AppError::Internal => 500,
            AppError::Unavailable => 503,
        }
    }

    /// Seconds a client should wait before trying again (`Retry-After`), where that is known.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests(seconds) => Some(*seconds),
            AppError::Unavailable => Some(UNAVAILABLE_RETRY_SECONDS),
            _ => None,
        }
    }
}

/// A name typed into one field (a token, a token's device, a passkey): trimmed, 1 to `max`
/// characters, or `message` next to `field`; with a control, format or bidi character (which
/// could rewrite the security notice that quotes the name, checklist L13),
/// [`Message::NAME_CHARACTERS`].
pub fn short_name(
    field: &str,
    raw: &str,
    max: usize,
    message: Message,
) -> Result<String, AppError> {
    let mut checks = Checks::default();
    let name = checks.check(field, short_name_rules(raw, max, message));
    checks.finish()?;
    Ok(name.unwrap_or_default())
}

/// [`short_name`]'s rules, for a form that collects every problem in its own [`Checks`].
pub fn short_name_rules(raw: &str, max: usize, message: Message) -> Result<String, Message> {
    let name = raw.trim();
    if !(1..=max).contains(&name.chars().count()) {
        return Err(message);
    }
    if name.chars().any(crate::lookalike::is_invisible) {
        return Err(Message::NAME_CHARACTERS);
    }
    Ok(name.to_owned())
}

/// The one way input is checked (parse, don't validate): each input type has a
/// `parse(...) -> Result<Self, AppError>` that runs every rule through `Checks`, so a form shows
/// all of its problems at once, each next to its field.
/// Collects per-field results into one `AppError::Invalid` listing every problem at once.
#[derive(Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check<T>(&mut self, field: &str, result: Result<T, Message>) -> Option<T> {
        result
            .map_err(|message| {
                self.0.push(FieldError {
                    field: field.into(),
                    message,
                });
            })
            .ok()
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match quire_auth_leptos::CallFailure::of(value) {
            quire_auth_leptos::CallFailure::Malformed => AppError::BadRequest,
            quire_auth_leptos::CallFailure::Failed => AppError::Internal,
        }
    }
}

/// What quire-auth-leptos' `error_status` reads back from a refused server function.
impl quire_auth_leptos::HttpRefusal for AppError {
    fn status(&self) -> u16 {
        self.status_code()
    }

    fn retry_after(&self) -> Option<u64> {
        AppError::retry_after(self)
    }
}

/// How long a client is told to wait when the database cannot be reached.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_arguments_are_a_client_error() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("x".into()));
        assert_eq!(err, AppError::BadRequest);
        assert_eq!(err.status_code(), 400);
    }

    #[test]
    fn field_messages_are_found_by_field() {
        let err = AppError::invalid("name", Message::NAME_CHARACTERS);
        assert_eq!(
            err.field_message("name").as_deref(),
            Some("Use letters, digits, spaces and punctuation only.")
        );
        assert_eq!(err.field_message("password"), None);
    }

    #[test]
    fn x04_an_error_from_a_url_cannot_carry_its_own_text() {
        let crafted =
            r#"{"Invalid":[{"field":"email","message":"Your account is locked, call +1 555"}]}"#;
        assert!(serde_json::from_str::<AppError>(crafted).is_err());
        let known = r#"{"Invalid":[{"field":"name","message":"name_characters"}]}"#;
        let known: AppError = serde_json::from_str(known).unwrap();
        assert_eq!(known, AppError::invalid("name", Message::NAME_CHARACTERS));
        assert_eq!(
            serde_json::to_string(&known).unwrap(),
            r#"{"Invalid":[{"field":"name","message":"name_characters"}]}"#
        );
    }
}
