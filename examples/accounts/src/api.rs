//! The API a script calls with a personal access token made on the tokens page:
//! `GET /api/v1/me` answers whom the token speaks for, if it was given `account:read`.
use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use quire_auth::tokens::{Scope, TokenCheck, Tokens};

use crate::server::Account;

/// What a token may do in this app.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ApiScope {
    /// Read the account's id and address.
    ReadAccount,
}

impl Scope for ApiScope {
    const ALL: &'static [Self] = &[ApiScope::ReadAccount];
    fn name(self) -> &'static str {
        match self {
            ApiScope::ReadAccount => "account:read",
        }
    }
}

/// Where the API answers.
pub const ME_PATH: &str = "/api/v1/me";

#[derive(serde::Serialize)]
struct Me {
    id: i64,
    email: String,
}

/// `GET /api/v1/me` with `Authorization: Bearer <token>`: the account, read fresh with the
/// token, so a revoked token is refused from its next request on.
pub async fn me(tokens: Tokens<Account>, headers: HeaderMap) -> Response {
    let sent = headers.get(header::AUTHORIZATION);
    let token = sent.and_then(|v| v.to_str().ok()?.strip_prefix("Bearer "));
    let Some(token) = token else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match tokens.authenticate::<ApiScope>(token).await {
        Ok(TokenCheck::Live(bearer)) if bearer.allows(ApiScope::ReadAccount) => {
            let (id, email) = (bearer.principal.id, bearer.principal.email);
            Json(Me { id, email }).into_response()
        }
        Ok(TokenCheck::Live(_)) => StatusCode::FORBIDDEN.into_response(),
        Ok(TokenCheck::Refused | TokenCheck::Revoked { .. }) => {
            StatusCode::UNAUTHORIZED.into_response()
        }
        Err(error) => {
            tracing::error!(%error, "a token could not be checked");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
