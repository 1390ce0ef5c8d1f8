//! The API's errors: JSON with a stable `code`, and `WWW-Authenticate` on every 401.
use axum::{
    extract::rejection::JsonRejection,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

use super::Scope;
use crate::error::AppError;

/// Every API error: a status, a stable machine-readable `code`, and a message for people.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    /// A token without `scope` asked for something that needs it.
    pub fn insufficient_scope(scope: Scope) -> Self {
        let message = format!("This token lacks the `{}` scope.", scope.as_str());
        ApiError::new(StatusCode::FORBIDDEN, "insufficient_scope", message)
    }
}

/// The body of every API error. `code` is stable; `message` is for people.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody<'a> {
    #[schema(example = "invalid_token")]
    code: &'a str,
    message: &'a str,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(ErrorBody {
            code: self.code,
            message: &self.message,
        });
        let mut response = (self.status, body).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            let challenge = HeaderValue::from_static("Bearer realm=\"quire\"");
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        let status =
            StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let code = match &error {
            AppError::Invalid(_) | AppError::BadRequest => "invalid_request",
            AppError::BadCredentials => "invalid_credentials",
            AppError::Unauthenticated => "invalid_token",
            AppError::Forbidden
            | AppError::SudoRequired
            | AppError::CrossSite
            | AppError::Denied(_) => "forbidden",
            AppError::NotFound | AppError::NotOffered(_) => "not_found",
            AppError::Unverified => "email_unverified",
            AppError::LinkExpired => "link_expired",
            AppError::SignInAgain | AppError::Refused(_) => "invalid_credentials",
            AppError::TooManyRequests(_) => "rate_limited",
            AppError::Internal => "internal",
            AppError::Unavailable => "unavailable",
        };
        let retry_after = error.retry_after();
        // Field errors name their field, so an API client knows what to fix.
        let message = match &error {
            AppError::Invalid(fields) => fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        };
        ApiError {
            status,
            code,
            message,
            retry_after,
        }
    }
}

pub fn invalid_token() -> ApiError {
    // Unknown, malformed, expired and revoked tokens all get this same answer (T05).
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_token",
        "The access token is missing, invalid, expired or revoked.",
    )
}

/// A body that is not the JSON the route expects.
pub fn bad_json(rejection: JsonRejection) -> ApiError {
    // A body over the limit is 413, as everywhere; anything else that is not the JSON the route
    // expects is a 400.
    let status = match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError::new(status, "invalid_request", rejection.body_text())
}
