//! Passkeys: Account → Security (add with sudo, rename, remove with sudo) and signing in with
//! one. The WebAuthn options and answers travel as webauthn-rs-proto's types, as JSON; the
//! browser turns them into `navigator.credentials` calls in `browser.rs`. Bodies stay thin.
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use webauthn_rs_proto::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use crate::{error::AppError, timestamp::Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyView {
    pub id: i64,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeysView {
    /// False when the site is reached by IP address, where browsers allow no passkeys.
    pub available: bool,
    pub list: Vec<PasskeyView>,
}

#[server(endpoint = "passkeys")]
pub async fn passkeys() -> Result<PasskeysView, AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    let rows = super::server::store::list(&state.db, user.id).await?;
    let list = rows
        .into_iter()
        .map(|row| PasskeyView {
            id: row.id,
            name: row.name,
            created_at: Timestamp(row.created_at),
            last_used_at: row.last_used_at.map(Timestamp),
        })
        .collect();
    Ok(PasskeysView {
        available: state.webauthn.is_some(),
        list,
    })
}

#[server(endpoint = "start_passkey_registration")]
pub async fn start_passkey_registration() -> Result<CreationChallengeResponse, AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    state.sessions.require_sudo(&request::session()?).await?;
    super::server::register::start(&state, &user).await
}

#[server(endpoint = "finish_passkey_registration", input = Json)]
pub async fn finish_passkey_registration(
    name: String,
    credential: RegisterPublicKeyCredential,
) -> Result<(), AppError> {
    use super::server::register;
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    let name = register::passkey_name(&name)?;
    state.sessions.require_sudo(&request::session()?).await?;
    let client = request::client_info();
    register::finish(&state, &user, &client, &name, &credential).await
}

#[server(endpoint = "rename_passkey")]
pub async fn rename_passkey(id: i64, name: String) -> Result<(), AppError> {
    use super::server::{register, store};
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    let name = register::passkey_name(&name)?;
    if !store::rename(&state.db, user.id, id, &name).await? {
        return Err(AppError::NotFound);
    }
    leptos_axum::redirect("/account/security");
    Ok(())
}

#[server(endpoint = "remove_passkey")]
pub async fn remove_passkey(id: i64) -> Result<(), AppError> {
    use crate::server::request;
    let (user, state) = (request::require_user()?, request::state()?);
    state.sessions.require_sudo(&request::session()?).await?;
    let client = request::client_info();
    super::server::register::remove(&state, &user, user.id, Some(id), &client).await?;
    leptos_axum::redirect("/account/security");
    Ok(())
}

/// Starts a passkey sign-in: `autofill` for the e-mail field's suggestions, otherwise for the
/// button. Stores only the challenge, for five minutes; no session is created.
#[server(endpoint = "start_passkey_sign_in")]
pub async fn start_passkey_sign_in(autofill: bool) -> Result<RequestChallengeResponse, AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    super::server::sign_in::start(&state, &client, autofill).await
}

/// Finishes a passkey sign-in: a new session with a new id, as after a password and a code.
#[server(endpoint = "finish_passkey_sign_in", input = Json)]
pub async fn finish_passkey_sign_in(
    credential: PublicKeyCredential,
    remember: bool,
) -> Result<(), AppError> {
    use crate::server::request;
    let (state, client) = (request::state()?, request::client_info());
    let user = super::server::sign_in::finish(&state, &client, &credential).await?;
    let session = request::session()?;
    state
        .sessions
        .start(&session, &user, client, remember)
        .await?;
    Ok(())
}
