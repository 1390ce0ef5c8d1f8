//! The HTTP status of a refused server function call.
use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;

use crate::HttpRefusal;

/// Larger error bodies are not this crate's: they pass unchanged.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Middleware that answers a refused server function with the status its error names
/// ([`HttpRefusal`]: 401, 422, 429 with `Retry-After`, …) instead of Leptos' 500 for every
/// error, so bad input is never a 500. `E` is the error type of the server functions behind
/// it; add it once for this crate's [`AuthError`](crate::AuthError) and once for the app's
/// own. Other responses pass unchanged, and so does a refusal of another type; a form posted
/// without JavaScript is redirected back to its page as before.
///
/// ```
/// use axum::middleware::from_fn;
/// use quire_auth_leptos::{error_status, AuthError};
///
/// let app: axum::Router = axum::Router::new().layer(from_fn(error_status::<AuthError>));
/// # let _ = app;
/// ```
pub async fn error_status<E: HttpRefusal>(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = to_bytes(body, MAX_ERROR_BODY).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<E>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
        if let Some(seconds) = error.retry_after() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
