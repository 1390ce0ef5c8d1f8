//! The server functions of the settings pages: the password, personal access tokens and
//! two-step sign-in. Thin bodies, as in the parent module.
use leptos::prelude::*;

use crate::{AuthError, NewToken, RecoveryCodes, TokensView, TwoStepView};

/// Changes the signed-in account's password: `current_password` is checked like a sign-in
/// (throttled, audited), `new_password` must be 8 characters or more. Every other session and
/// every token of the account ends; this browser stays signed in with a new session id and goes
/// to [`Paths::after_password_change`](crate::Paths).
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AuthError> {
    let backend = crate::server::backend()?;
    let done = backend
        .change_password(current_password.into(), new_password.into())
        .await;
    crate::server::answer(done.map(|()| backend.paths().after_password_change))
}

/// The tokens page: the scopes the app offers, the signed-in account's live bearer tokens,
/// and the token a form posted without JavaScript just made (shown this once).
/// [`AuthError::TokensOff`] unless the app turned tokens on.
#[server(prefix = "/api/auth", endpoint = "tokens")]
pub async fn list_tokens() -> Result<TokensView, AuthError> {
    crate::server::backend()?.tokens_view().await
}

/// Makes a personal access token named `name` (1 to 100 characters), granting `scopes` (the
/// form's `scopes[]` checkboxes, at least one of those the app offers) for `expires_days` (7,
/// 30, 90 or 365), in sudo mode. Its secret is in the answer, and only there.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "create_token")]
pub async fn create_token(
    name: String,
    #[server(default)] scopes: Vec<String>,
    expires_days: u32,
) -> Result<NewToken, AuthError> {
    let backend = crate::server::backend()?;
    backend.create_token(&name, &scopes, expires_days).await
}

/// Revokes one of the signed-in account's tokens: refused from its next request on.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "revoke_token")]
pub async fn revoke_token(id: i64) -> Result<(), AuthError> {
    crate::server::backend()?.revoke_token(id).await
}

/// The security page's two-step settings, with the recovery codes a form posted without
/// JavaScript just made. [`AuthError::TwoStepUnavailable`] unless the app turned them on.
#[server(prefix = "/api/auth", endpoint = "two_step")]
pub async fn two_step() -> Result<TwoStepView, AuthError> {
    crate::server::backend()?.two_step().await
}

/// Starts setting up an authenticator app (again, with a new secret, if one was being set
/// up), in sudo mode. [`AuthError::TwoStepOn`] while one is confirmed.
#[server(prefix = "/api/auth", endpoint = "start_two_step")]
pub async fn start_two_step() -> Result<(), AuthError> {
    crate::server::backend()?.start_two_step().await
}

/// Confirms the app being set up with a `code` from it, in sudo mode: two-step sign-in is on.
#[allow(missing_docs)] // Its fields are the form's, as the function documents them.
#[server(prefix = "/api/auth", endpoint = "confirm_two_step")]
pub async fn confirm_two_step(code: String) -> Result<(), AuthError> {
    crate::server::backend()?.confirm_two_step(&code).await
}

/// Turns two-step sign-in off, in sudo mode: the app and the recovery codes are removed.
#[server(prefix = "/api/auth", endpoint = "turn_off_two_step")]
pub async fn turn_off_two_step() -> Result<(), AuthError> {
    crate::server::backend()?.turn_off_two_step().await
}

/// A new set of recovery codes (the old set stops working), in sudo mode, while two-step
/// sign-in is on. The codes are in the answer, and only there.
#[server(prefix = "/api/auth", endpoint = "new_recovery_codes")]
pub async fn new_recovery_codes() -> Result<RecoveryCodes, AuthError> {
    crate::server::backend()?.new_recovery_codes().await
}
