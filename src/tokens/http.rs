//! The bearer-token side of `/api/v1`: the extractor every authenticated API handler uses, and
//! the token routes. Only `Authorization: Bearer` authenticates here: no session layer runs and
//! cookies are ignored, so there is nothing for a cross-site request to ride on (no CSRF).
use axum::{
    extract::{rejection::QueryRejection, FromRequestParts, Query, State},
    http::{header, request::Parts, Extensions, HeaderMap, StatusCode},
    routing::{delete, get},
    Json, Router,
};
use serde::{Deserialize, Serialize};

use super::server;
use crate::{
    api::{invalid_token, page_of, ApiError, ErrorBody, PageQuery, Scope},
    audit::{api::AuditEvent, server as audit},
    identity::Role,
    server::{request::client_of, state::AppState},
    timestamp::Timestamp,
    ui::Page,
};

impl FromRequestParts<AppState> for server::Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(invalid_token)?;
        let client = client_of(state, &parts.extensions, &parts.headers);
        let principal = server::authenticate(state, token.trim(), &client)
            .await?
            .ok_or_else(invalid_token)?;
        state.gate.pass(&parts.headers).await;
        Ok(principal)
    }
}

/// Revokes the token this request is made with.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody)))]
pub async fn revoke_current(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    me: server::Principal,
) -> Result<StatusCode, ApiError> {
    let now = state.clock.now().unix_timestamp();
    server::revoke(&state.db, me.user.id, me.token_id, now).await?;
    let client = client_of(&state, &extensions, &headers);
    let (user, detail) = (Some(me.user.id), format!("token #{}", me.token_id));
    audit::record(
        &state,
        AuditEvent::TokenRevoked,
        user,
        user,
        &client,
        &detail,
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
}

/// The user the token speaks for. Scope `profile:read`.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn me(me: server::Principal) -> Result<Json<Me>, ApiError> {
    me.require(Scope::ProfileRead)?;
    Ok(Json(Me {
        id: me.user.id,
        display_name: me.user.display_name,
        role: me.user.role,
    }))
}

/// A token as the API lists it: never the secret, only what identifies it.
#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// `app` (mobile sign-in) or `pat` (made in the account).
    pub kind: String,
    /// The token's first and last characters, to recognise it: `quire_pat_…a1b2`.
    pub prefix: String,
    pub last4: String,
    pub scopes: Vec<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// One page of the caller's live tokens.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TokenPage {
    pub tokens: Vec<ApiToken>,
    #[schema(value_type = u32, minimum = 1)]
    pub page: Page,
    pub has_more: bool,
}

/// The caller's live tokens, newest first, 20 a page; never their secrets. Scope `tokens:read`.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "account", security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, body = TokenPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn tokens(
    State(state): State<AppState>,
    me: server::Principal,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<TokenPage>, ApiError> {
    me.require(Scope::TokensRead)?;
    let page = page_of(query)?;
    let now = state.clock.now().unix_timestamp();
    let listed = server::list_for_user(&state.db, me.user.id, now, page).await?;
    let listed = listed.map(|t| ApiToken {
        id: t.id,
        name: t.name,
        kind: t.kind,
        prefix: t.prefix,
        last4: t.last4,
        scopes: t.scopes,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
    });
    Ok(Json(TokenPage {
        tokens: listed.items,
        page,
        has_more: listed.has_more,
    }))
}

/// The token routes: revoke the calling token, who am I, my tokens.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/token", delete(revoke_current))
        .route("/me", get(me))
        .route("/tokens", get(tokens))
}
