//! App sign-in on `/api/v1`: e-mail and password in, an app token out. The password goes
//! through the same throttled check as every other door (checklist P08).
use axum::{
    extract::{rejection::JsonRejection, State},
    http::{Extensions, HeaderMap, StatusCode},
    routing::post,
    Json, Router,
};
use quire_auth::token_format::TokenKind;
use serde::{Deserialize, Serialize};

use super::secret_check::{check_password, Claimant, Door};
use crate::{
    api::{bad_json, ApiError, ErrorBody, Scope},
    audit::{api::AuditEvent, server as audit},
    error::AppError,
    limits::Write,
    server::{request::client_of, state::AppState},
    timestamp::Timestamp,
    tokens::server as tokens,
};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    email: String,
    password: String,
    device_name: String,
    /// For an account with two-step sign-in: a code from its authenticator app, or a recovery
    /// code. Without it such an account gets 401 `second_factor_required`.
    #[serde(default)]
    code: Option<String>,
}

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    pub token_type: String,
    pub expires_at: Timestamp,
    pub scopes: Vec<Scope>,
}

/// Mobile sign-in: e-mail and password in, an app token out. Throttled and answered exactly
/// like browser sign-in, so it reveals no more about which accounts exist.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 201, description = "A new app token, shown this once", body = TokenResponse),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "`invalid_credentials`: wrong e-mail, password or code; `second_factor_required`: the account has two-step sign-in, send `code` too", body = ErrorBody),
        (status = 403, description = "`email_unverified`: the account has not verified its address yet (when `accounts.require_verified_email`); the app should ask the user to follow the mailed link", body = ErrorBody),
        (status = 422, description = "Invalid device_name", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody)))]
pub async fn issue_token(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<TokenResponse>), ApiError> {
    let Json(request) = body.map_err(bad_json)?;
    let device = tokens::device_name(&request.device_name)?;
    let device = device.as_str();
    let client = client_of(&state, &extensions, &headers);
    let claimant = Claimant::Email(&request.email);
    let user = check_password(&state, &client, claimant, request.password, Door::ApiSignIn).await?;
    let two_step = crate::factors::server::totp::enabled(&state.db, user.id).await;
    if two_step.map_err(|error| ApiError::from(AppError::from(error)))? {
        let Some(code) = request.code.as_deref() else {
            let message = "This account uses two-step sign-in: send `code` as well.";
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "second_factor_required",
                message,
            ));
        };
        // A wrong code answers like a wrong password: the app asks for all three again.
        super::second_step::check_app_code(&state, &client, &user, code)
            .await
            .map_err(|e| match e {
                AppError::Invalid(_) => AppError::BadCredentials,
                other => other,
            })?;
    }
    if !user.may_contribute(state.config.accounts.require_verified_email) {
        return Err(AppError::Unverified.into());
    }
    crate::limits::allow(&state, Write::Token, Some(&user), &client).await?;
    let now = state.clock.now().unix_timestamp();
    let expires_at = now + state.config.api.app_token_days as i64 * 86_400;
    let scopes = Scope::ALL.to_vec();
    let mut tx = quire_auth::db::write(&state.db)
        .await
        .map_err(AppError::from)?;
    let issued = state
        .tokens
        .issue(&mut tx, &user, TokenKind::App, device, &scopes, expires_at)
        .await
        .map_err(AppError::from)?;
    tx.commit().await.map_err(AppError::from)?;
    let detail = format!("app token \"{device}\"");
    audit::record_own(&state, AuditEvent::TokenCreated, user.id, &client, &detail).await;
    let body = TokenResponse {
        token: issued.token,
        token_type: "Bearer".into(),
        expires_at: Timestamp(issued.expires_at),
        scopes,
    };
    Ok((StatusCode::CREATED, Json(body)))
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/auth/token", post(issue_token))
}
