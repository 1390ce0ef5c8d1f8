//! Quire's answer while its database cannot be reached, for quire-auth's session layer
//! (`on_unavailable`): a 503 with `Retry-After`, as JSON for a server function and as a short
//! page otherwise.
use axum::{
    body::Body,
    http::{header, StatusCode},
    response::Response,
};

use crate::error::AppError;

const UNAVAILABLE_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Try again shortly · Quire</title></head><body><main><h1>Try again shortly</h1>\
<p>Quire cannot reach its database right now. Nothing was changed, and you are still signed \
in. Please reload this page in a few seconds.</p></main></body></html>";

/// 503 with `Retry-After`: JSON for a server function, a short page otherwise.
pub fn unavailable(path: &str) -> Response {
    let (body, kind) = if path.starts_with("/api/") {
        let json = serde_json::to_string(&AppError::Unavailable).unwrap_or_default();
        (json, "application/json")
    } else {
        (UNAVAILABLE_PAGE.to_owned(), "text/html; charset=utf-8")
    };
    let seconds = crate::error::UNAVAILABLE_RETRY_SECONDS;
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::RETRY_AFTER, seconds)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}
