//! Account server functions and the types they exchange. Bodies stay thin: parse, authorise,
//! call `server.rs`, map errors.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{error::AppError, identity::Role};

/// What the browser may know about the signed-in user. No e-mail, no hash, no session id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    /// The account must verify its address before it comments or writes (M08).
    pub must_verify: bool,
}

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    let required = crate::server::request::state()?
        .config
        .accounts
        .require_verified_email;
    Ok(crate::server::request::current_user().map(|u| UserView {
        must_verify: !u.may_contribute(required),
        id: u.id,
        display_name: u.display_name,
        role: u.role,
    }))
}

/// Whether the site still has no admin, so `/setup` is open (the home page points to it).
#[server(endpoint = "setup_needed")]
pub async fn setup_needed() -> Result<bool, AppError> {
    use std::sync::atomic::Ordering;
    let state = crate::server::request::state()?;
    // Once there is an admin there always is one (an admin can demote or deactivate others,
    // never themselves), so every page after that answers without a query.
    if state.admin_seen.load(Ordering::Relaxed) {
        return Ok(false);
    }
    let exists = super::server::admin_exists(&state.db).await?;
    state.admin_seen.store(exists, Ordering::Relaxed);
    Ok(!exists)
}

#[server(endpoint = "register")]
pub async fn register(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::{limits::Write, server::request};
    let state = request::state()?;
    let input = super::server::Registration::parse(&email, &display_name, password)?;
    let client = request::client_info();
    crate::limits::allow(&state, Write::Registration, None, &client).await?;
    super::server::register(&state, input, &client).await?;
    leptos_axum::redirect("/register/sent");
    Ok(())
}

/// `remember` is the "Keep me signed in" checkbox: present (any value) when ticked.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    remember: Option<String>,
) -> Result<(), AppError> {
    use super::secret_check::{check_password, Claimant, Door};
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let claimant = Claimant::Email(&email);
    let user = check_password(&state, &client, claimant, password, Door::BrowserSignIn).await?;
    let remember = remember.is_some();
    if crate::factors::server::totp::enabled(&state.db, user.id).await? {
        // No session yet: only a pending record that can finish this sign-in (W05).
        super::server::await_second_step(&state, &user, remember).await?;
        leptos_axum::redirect("/sign-in/code");
        return Ok(());
    }
    let session = request::session()?;
    state
        .sessions
        .start(&session, &user, client, remember)
        .await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// The second step: a code from the authenticator app or a recovery code. The session starts
/// here, with a new id.
#[server(endpoint = "sign_in_code")]
pub async fn sign_in_code(code: String) -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let secret = super::server::pending_secret(&state).ok_or(AppError::SignInAgain)?;
    let finished =
        super::second_step::finish_browser_sign_in(&state, &client, &secret, &code).await;
    let (user, remember) = finished?;
    super::server::forget_pending(&state);
    let session = request::session()?;
    state
        .sessions
        .start(&session, &user, client, remember)
        .await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::{audit, server::request};
    if let Some(user) = request::current_user() {
        let (state, event) = (request::state()?, audit::api::AuditEvent::SignOut);
        crate::audit::server::record_own(
            &state,
            event,
            user.id,
            &crate::server::request::client_info(),
            "",
        )
        .await;
    }
    request::state()?.sessions.end(&request::session()?).await?;
    // Tells the browser to drop this site's cookies and storage too (checklist S07).
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let value = axum::http::HeaderValue::from_static("\"cookies\", \"storage\"");
        response.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            value,
        );
    }
    leptos_axum::redirect("/");
    Ok(())
}

/// Needs the current password. Ends every other session of the user (and, with it, any stolen
/// cookie) and gives this one a new id. `remove_recent` is the checkbox that removes the
/// passkeys and authenticator app added recently (see `recent`): present when ticked.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    remove_recent: Option<String>,
) -> Result<(), AppError> {
    use super::secret_check::{check_password, Claimant, Door};
    use crate::server::request;
    let user = request::require_user()?;
    let (state, session) = (request::state()?, request::session()?);
    let new = super::server::NewPassword::parse("new_password", new_password)?;
    let (client, claimant) = (request::client_info(), Claimant::User(user.id));
    check_password(
        &state,
        &client,
        claimant,
        current_password,
        Door::PasswordChange,
    )
    .await?;
    let hash = new.hash(&state).await?;
    let remove_recent = remove_recent.is_some();
    let revoked = super::server::replace_password(&state, user.id, &hash, remove_recent).await?;
    state
        .sessions
        .reauthenticated(&session, revoked.auth_epoch)
        .await?;
    let event = crate::audit::api::AuditEvent::PasswordChanged;
    let detail = "other sessions and all tokens ended";
    crate::audit::server::record_own(
        &state,
        event,
        user.id,
        &crate::server::request::client_info(),
        detail,
    )
    .await;
    leptos_axum::redirect("/account/sessions");
    Ok(())
}
