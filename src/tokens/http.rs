//! The versioned JSON API under `/api/v1`, for mobile apps and machine clients. Plain axum
//! handlers, authenticated only by `Authorization: Bearer`: no session layer runs here and
//! cookies are ignored, so there is nothing for a cross-site request to ride on (no CSRF).
use axum::{
    extract::{rejection::JsonRejection, FromRequestParts, State},
    http::{header, request::Parts, Extensions, HeaderMap, HeaderValue, Method, StatusCode},
    routing::{get, post},
    Json, Router,
};
use serde::{Deserialize, Serialize};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::api_error::{bad_json, insufficient_scope, ApiError, ErrorBody};
use super::{api::SCOPES, api_error::invalid_token, format::TokenKind, server};
use crate::{
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

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    device_name: String,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub token_type: String,
    pub expires_at: i64,
    pub scopes: Vec<String>,
}

/// Mobile sign-in: e-mail and password in, an app token out. Throttled and answered exactly
/// like browser sign-in, so it reveals no more about which accounts exist.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 201, description = "A new app token, shown this once", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Wrong e-mail or password", body = ErrorBody),
        (status = 422, description = "Invalid device_name", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody)))]
pub(super) async fn issue_token(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let Json(request) = body.map_err(bad_json)?;
    let device = request.device_name.trim();
    if device.is_empty() || device.chars().count() > 100 {
        let message = "device_name must be 1 to 100 characters.";
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            message,
        ));
    }
    let client = client_of(&state, &extensions, &headers);
    use crate::auth::secret_check::{check_password, Claimant, Door};
    let claimant = Claimant::Email(&request.email);
    let user = check_password(&state, &client, claimant, request.password, Door::ApiSignIn).await?;
    let now = state.clock.now().unix_timestamp();
    let expires_at = now + state.config.api.app_token_days as i64 * 86_400;
    let scopes = SCOPES.iter().map(|s| s.to_string()).collect();
    let issued = server::issue(
        &state.db,
        &user,
        TokenKind::App,
        device,
        scopes,
        now,
        expires_at,
    )
    .await?;
    let detail = format!("app token \"{device}\"");
    audit::record(
        &state,
        AuditEvent::TokenCreated,
        Some(user.id),
        Some(user.id),
        &client,
        &detail,
    )
    .await;
    let body = TokenResponse {
        token: issued.token,
        token_type: "Bearer".into(),
        expires_at: issued.expires_at,
        scopes: issued.scopes,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

/// Revokes the token this request is made with.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, body = ErrorBody)))]
pub(super) async fn revoke_current(
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
pub(super) async fn me(me: server::Principal) -> Result<Json<Me>, ApiError> {
    if !me.has_scope("profile:read") {
        return Err(insufficient_scope("profile:read"));
    }
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
pub(super) async fn tokens(
    State(state): State<AppState>,
    me: server::Principal,
) -> Result<Json<Vec<super::api::TokenView>>, ApiError> {
    if !me.has_scope("tokens:read") {
        return Err(insufficient_scope("tokens:read"));
    }
    let now = state.clock.now().unix_timestamp();
    Ok(Json(
        server::list_for_user(&state.db, me.user.id, now).await?,
    ))
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "No such API route.")
}

/// The `/api/v1` routes. CORS is answered only for configured origins, never `*`, and never
/// with credentials: tokens travel in a header, not in cookies.
pub fn router(state: &AppState) -> Router<AppState> {
    let routes = Router::new()
        .route("/auth/token", post(issue_token).delete(revoke_current))
        .route("/me", get(me))
        .route("/tokens", get(tokens))
        .route("/openapi.json", get(super::openapi::openapi))
        .merge(crate::posts::http::routes())
        .fallback(not_found);
    let origins: Vec<HeaderValue> = state
        .config
        .api
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    if origins.is_empty() {
        return routes;
    }
    routes.layer(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE]),
    )
}
