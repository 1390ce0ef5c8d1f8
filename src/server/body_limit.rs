//! Request bodies over `limits.body_bytes` get 413 (checklist R02), also when they are sent in
//! chunks. With a `Content-Length`, tower-http's `RequestBodyLimitLayer` refuses them before
//! any work; without one the limit only surfaces as a read error inside the handler, which a
//! server function reports as a malformed request (400). Such bodies are read here first, up to
//! the limit, so the answer is 413 wherever the request was going.
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::state::AppState;

pub async fn limit_unsized_bodies(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let sized = request.headers().contains_key(header::CONTENT_LENGTH);
    if sized || request.method().is_safe() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    match to_bytes(body, state.config.limits.body_bytes).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(error) => {
            tracing::info!(%error, path = %parts.uri.path(), "request body refused");
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The request body is too large.",
            )
                .into_response()
        }
    }
}
