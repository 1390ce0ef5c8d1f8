//! The bearer-token side of `/api/v1`: the extractor every authenticated API handler uses, and
//! the token routes. Only `Authorization: Bearer` authenticates here: no session layer runs and
//! cookies are ignored, so there is nothing for a cross-site request to ride on (no CSRF).
use axum::{
    extract::{FromRequestParts, State},
    http::{header, request::Parts, Extensions, HeaderMap, StatusCode},
    routing::{delete, get},
    Json, Router,
};
use serde::{Deserialize, Serialize};

use super::server;
use crate::{
    api::{invalid_token, ApiError, ErrorBody, Scope},
    audit::{api::AuditEvent, server as audit},
    identity::Role,
    server::{request::client_of, state::AppState},
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

/// The caller's live tokens, never their secrets. Scope `tokens:read`.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "account", security(("bearer" = [])),
    responses((status = 200, body = [super::api::TokenView]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn tokens(
    State(state): State<AppState>,
    me: server::Principal,
) -> Result<Json<Vec<super::api::TokenView>>, ApiError> {
    me.require(Scope::TokensRead)?;
    let now = state.clock.now().unix_timestamp();
    Ok(Json(
        server::list_for_user(&state.db, me.user.id, now).await?,
    ))
}

/// The token routes: revoke the calling token, who am I, my tokens.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/token", delete(revoke_current))
        .route("/me", get(me))
        .route("/tokens", get(tokens))
}
