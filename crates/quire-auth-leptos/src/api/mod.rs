//! The server functions. Each body is thin: it finds the [`AuthServer`](crate::AuthServer)
//! the app provided, calls it and maps the answer.
use leptos::{prelude::*, server_fn::codec::Json};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use crate::{AuthError, AuthUser, IdleClock, PasskeyView, SessionView};

mod settings;

pub use settings::{
    change_password, confirm_two_step, create_token, list_tokens, new_recovery_codes, revoke_token,
    start_two_step, turn_off_two_step, two_step, ChangePassword, ConfirmTwoStep, CreateToken,
    ListTokens, NewRecoveryCodes, RevokeToken, StartTwoStep, TurnOffTwoStep, TwoStep,
};

/// The signed-in account of this request, read fresh from the database, or `None`.
#[server(prefix = "/api/auth", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<AuthUser>, AuthError> {
    Ok(crate::server::backend()?.current_user())
}

/// Registers an account and sends the browser to the sign-in page. An address that has an
/// account already gets the same answer and changes nothing, so the form tells nobody which
/// addresses are taken.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "register")]
pub async fn register(email: String, password: String) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.register(&email, password.into()).await;
    crate::server::answer(done.map(|()| backend.paths().after_register))
}

/// Checks the password (throttled, audited) and starts a session with a new id, or, for an
/// account with a second step, sends the browser to [`sign_in_code`]'s page. `remember` is the
/// "Keep me signed in" checkbox: present when ticked.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    remember: Option<String>,
) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend
        .sign_in(&email, password.into(), remember.is_some())
        .await;
    crate::server::answer(done)
}

/// The second step of a sign-in: a code from the authenticator app, or a recovery code. It
/// finishes the sign-in that this browser's password started (a cookie holds it for five
/// minutes and five tries) and starts the session, with a new id.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "sign_in_code")]
pub async fn sign_in_code(code: String) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.finish_sign_in(&code).await;
    crate::server::answer(done.map(|()| backend.paths().after_sign_in))
}

/// Ends this session: its row is deleted and the cookie removed.
#[server(prefix = "/api/auth", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.sign_out().await;
    crate::server::answer(done.map(|()| backend.paths().after_sign_out))
}

/// The signed-in account's open sessions, the most recently used first.
#[server(prefix = "/api/auth", endpoint = "sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AuthError> {
    crate::server::backend()?.sessions().await
}

/// Ends one of the signed-in account's sessions. Ending this browser's own is signing out;
/// ending another device's needs sudo mode ([`AuthError::SudoRequired`] until
/// [`confirm_password`] opened it).
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "end_session")]
pub async fn end_session(handle: String) -> Result<(), AuthError> {
    crate::server::backend()?.end_session(&handle).await
}

/// Sudo mode: the signed-in user's password, checked again (throttled and audited like a
/// sign-in), opens a window of a few minutes for sensitive actions and gives the session a new
/// id.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "confirm_password")]
pub async fn confirm_password(password: String) -> Result<(), AuthError> {
    crate::server::backend()?
        .confirm_password(password.into())
        .await
}

/// Starts signing in with a passkey: the options for `navigator.credentials.get`. The
/// challenge's state stays on the server, bound to this browser by an HttpOnly cookie, for
/// five minutes. [`AuthError::PasskeysOff`] unless the app turned passkeys on.
#[server(prefix = "/api/auth", endpoint = "start_passkey_sign_in")]
pub async fn start_passkey_sign_in() -> Result<RequestChallengeResponse, AuthError> {
    crate::server::backend()?.start_passkey_sign_in().await
}

/// Finishes signing in with a passkey: checks the signed challenge and starts a session with a
/// new id, then sends the browser to [`Paths::after_sign_in`](crate::Paths). Any failure is
/// [`AuthError::PasskeyRefused`] (or [`AuthError::Throttled`]).
#[allow(missing_docs)] // Its fields are the browser's answer, as the function documents it.
#[server(prefix = "/api/auth", endpoint = "finish_passkey_sign_in", input = Json)]
pub async fn finish_passkey_sign_in(credential: PublicKeyCredential) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.finish_passkey_sign_in(&credential).await;
    crate::server::answer(done.map(|()| backend.paths().after_sign_in))
}

/// The signed-in account's passkeys, oldest first.
#[server(prefix = "/api/auth", endpoint = "passkeys")]
pub async fn list_passkeys() -> Result<Vec<PasskeyView>, AuthError> {
    crate::server::backend()?.passkeys().await
}

/// Starts adding a passkey to the signed-in account, in sudo mode: the options for
/// `navigator.credentials.create`.
#[server(prefix = "/api/auth", endpoint = "start_passkey_registration")]
pub async fn start_passkey_registration() -> Result<CreationChallengeResponse, AuthError> {
    crate::server::backend()?.start_passkey_registration().await
}

/// Finishes adding a passkey named `name` (1 to 60 characters), in sudo mode.
#[allow(missing_docs)] // Its fields are the form's and the browser's, as documented.
#[server(prefix = "/api/auth", endpoint = "finish_passkey_registration", input = Json)]
pub async fn finish_passkey_registration(
    name: String,
    credential: RegisterPublicKeyCredential,
) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    backend
        .finish_passkey_registration(&name, &credential)
        .await
}

/// Removes one of the signed-in account's passkeys, in sudo mode.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "remove_passkey")]
pub async fn remove_passkey(id: i64) -> Result<(), AuthError> {
    crate::server::backend()?.remove_passkey(id).await
}

/// The path of the signed-out event stream, which [`SignedOutWatch`](crate::SignedOutWatch)
/// listens to. The app routes it to [`AuthServer::event_stream`](crate::AuthServer::event_stream).
pub const EVENTS_PATH: &str = "/api/auth/events";

/// The requests an open tab makes on its own: the event stream and [`session_clock`]. Give
/// them to quire-auth's session layer (`quiet_paths`) so that they are not activity: an open
/// tab must not keep an idle session alive.
pub const QUIET_PATHS: [&str; 2] = [EVENTS_PATH, "/api/auth/session_clock"];

/// This browser's [`IdleClock`], `None` when signed out. Asking is not activity once the app
/// made [`QUIET_PATHS`] quiet.
#[server(prefix = "/api/auth", endpoint = "session_clock")]
pub async fn session_clock() -> Result<Option<IdleClock>, AuthError> {
    crate::server::backend()?.idle_clock(false).await
}

/// "Stay signed in": counts as activity now, so the idle end slides (never past the absolute
/// limit). The new clock, `None` when the session has ended already.
#[server(prefix = "/api/auth", endpoint = "stay_signed_in")]
pub async fn stay_signed_in() -> Result<Option<IdleClock>, AuthError> {
    crate::server::backend()?.idle_clock(true).await
}

/// Mails a link that sets a new password to `email`, if it names an active account, and sends
/// the browser to [`Paths::reset_sent`](crate::Paths). The answer is the same, and as fast,
/// for an address without an account. Limited per IP and per address.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.request_reset(&email).await;
    crate::server::answer(done.map(|()| backend.paths().reset_sent))
}

/// Sets a new password with the reset link this browser opened (its cookie, never a field):
/// every session and token of the account ends, the link is spent, and the browser goes to
/// [`Paths::after_reset`](crate::Paths). The link is checked like a password (throttled,
/// audited) before anything is hashed.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "reset_password")]
pub async fn reset_password(password: String) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.reset_password(password.into()).await;
    crate::server::answer(done.map(|()| backend.paths().after_reset))
}

/// Confirms the account's address with the verification link this browser opened (its
/// cookie; opening the link changed nothing) and sends the browser to
/// [`Paths::after_verify`](crate::Paths). Checked like a password (throttled, audited).
#[server(prefix = "/api/auth", endpoint = "confirm_email")]
pub async fn confirm_email() -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend.confirm_email().await;
    crate::server::answer(done.map(|()| backend.paths().after_verify))
}
