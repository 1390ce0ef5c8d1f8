//! Types shared by the token API and the account pages.
use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

/// A token as lists show it: never the secret, only what identifies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub prefix: String,
    pub last4: String,
    pub scopes: Vec<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// A token just made: the only time its secret is ever sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    pub token: String,
    pub name: String,
}

/// Makes a personal access token. Needs sudo mode; each scope is a checkbox (present = granted).
#[leptos::server(endpoint = "create_token")]
pub async fn create_token(
    name: String,
    expires_days: u32,
    profile_read: Option<String>,
    tokens_read: Option<String>,
    posts_write: Option<String>,
    comments_write: Option<String>,
) -> Result<CreatedToken, crate::error::AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, session) = (request::state()?, request::session()?);
    let scopes = ticked_scopes([profile_read, tokens_read, posts_write, comments_write]);
    let client = request::client_info();
    super::server::create_personal_token(
        &state,
        &session,
        &user,
        &client,
        &name,
        expires_days,
        scopes,
    )
    .await
}

/// The scopes whose checkbox was ticked, in the order of [`Scope::ALL`](crate::api::Scope::ALL).
pub fn ticked_scopes(ticked: [Option<String>; 4]) -> Vec<crate::api::Scope> {
    crate::api::Scope::ALL
        .into_iter()
        .zip(ticked)
        .filter_map(|(scope, on)| on.map(|_| scope))
        .collect()
}

/// The outcome of creating a token with a plain form post (no JavaScript): the page is
/// rendered as the answer to that post, with this in its context, so the token is shown once
/// without ever being stored in plain text for a later request.
#[derive(Debug, Clone)]
pub struct CreatedWithoutJs(pub Result<CreatedToken, crate::error::AppError>);

/// One page of the signed-in user's live tokens, newest first.
#[leptos::server(endpoint = "list_tokens")]
pub async fn list_tokens(
    page: Option<crate::ui::Page>,
) -> Result<crate::ui::Paged<TokenView>, crate::error::AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let state = request::state()?;
    let (now, page) = (state.clock.now().unix_timestamp(), page.unwrap_or_default());
    super::server::list_for_user(&state.db, user.id, now, page).await
}

/// Revoking only takes power away, so it needs no sudo confirmation.
#[leptos::server(endpoint = "revoke_token")]
pub async fn revoke_token(id: i64) -> Result<(), crate::error::AppError> {
    use crate::{
        audit::{api::AuditEvent, server as audit},
        server::request,
    };
    let user = request::require_user()?;
    let state = request::state()?;
    super::server::revoke(&state.db, user.id, id, state.clock.now().unix_timestamp()).await?;
    let detail = format!("token #{id}");
    audit::record_own(
        &state,
        AuditEvent::TokenRevoked,
        user.id,
        &request::client_info(),
        &detail,
    )
    .await;
    Ok(())
}
