//! The one door for checking something a user knows (checklist P08). Browser sign-in, app-token
//! sign-in, sudo confirmation and the password change all come through [`check_password`], which
//! is quire-auth's password check with Quire's messages, so each is throttled per IP and per
//! account and each failure is audited; a new path that needs a password check has no other
//! function to call. Mailed links come through the same `PasswordCheck`'s `check_link`
//! (`recovery::server::check_link`), authenticator and recovery codes through `second_step`.
use crate::auth::messages;
use secrecy::SecretString;

use super::validate;
use crate::{
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    identity::{ClientInfo, User},
    server::state::AppState,
};

/// Who claims to know the password: someone signing in by e-mail, or the signed-in user.
pub enum Claimant<'a> {
    Email(&'a str),
    User(i64),
}

/// Which entry point is asking. It decides the audit event and the message of a wrong password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    BrowserSignIn,
    ApiSignIn,
    Sudo,
    PasswordChange,
}

impl Door {
    fn label(self) -> &'static str {
        match self {
            Door::BrowserSignIn => "browser",
            Door::ApiSignIn => "api",
            Door::Sudo => "sudo confirmation",
            Door::PasswordChange => "password change",
        }
    }

    /// Sign-in never says which of e-mail and password was wrong; a signed-in user is told
    /// next to the field they typed into.
    fn wrong(self) -> AppError {
        match self {
            Door::BrowserSignIn | Door::ApiSignIn => AppError::BadCredentials,
            Door::Sudo => AppError::invalid("password", messages::NOT_YOUR_PASSWORD),
            Door::PasswordChange => {
                AppError::invalid("current_password", messages::NOT_YOUR_CURRENT_PASSWORD)
            }
        }
    }
}

/// Checks a password through quire-auth's one password check (throttled per IP and per
/// account before argon2 runs, every failure audited; see
/// [`PasswordCheck::check`](quire_auth::password_check::PasswordCheck::check)), and records a
/// sign-in here unless a second step follows. The door decides how a wrong password reads.
pub async fn check_password(
    state: &AppState,
    client: &ClientInfo,
    claimant: Claimant<'_>,
    password: String,
    door: Door,
) -> Result<User, AppError> {
    use quire_auth::password_check::{Claimant as Asking, Purpose};
    let email;
    let (asking, purpose) = match claimant {
        Claimant::Email(raw) => {
            email = validate::email(raw).unwrap_or_else(|_| raw.to_owned());
            (Asking::Email(&email), Purpose::SignIn)
        }
        Claimant::User(id) => (Asking::Account(id), Purpose::Reconfirm),
    };
    let password = SecretString::from(password);
    let checked = (state.password_check)
        .check(client, asking, password, purpose, door.label())
        .await;
    let user = match checked {
        Ok(user) => user,
        Err(quire_auth::Error::WrongPassword) => return Err(door.wrong()),
        Err(other) => return Err(other.into()),
    };
    let signing_in = door == Door::BrowserSignIn || door == Door::ApiSignIn;
    // With a second factor, the sign-in is recorded when its second step succeeds.
    if signing_in && !crate::factors::server::totp::enabled(&state.db, user.id).await? {
        let event = AuditEvent::SignInOk;
        audit::record_own(state, event, user.id, client, door.label()).await;
    }
    Ok(user)
}
