//! Quire's answer to a write refused as cross-site by quire-auth's origin check (checklist
//! C01–C03): a page that explains, for a form; the error the app decodes, for a script.
use axum::{
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use quire_auth::origin_check::SameOrigin;

use crate::error::AppError;

const EXPLANATION: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Request refused · Quire</title></head><body><main><h1>Request refused</h1>\
<p>This form was sent from another site, or your browser did not say where it came from, so \
Quire refused it to protect your account. Nothing was changed.</p>\
<p>If you meant to do this, go back to <a href=\"/\">Quire</a>, reload the page and try again.</p>\
</main></body></html>";

/// The origin check for `origin`, answering as Quire does.
pub fn same_origin(origin: &str) -> SameOrigin {
    SameOrigin::new(origin).refuse_with(refusal)
}

fn refusal(headers: &HeaderMap) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        let mut response = (StatusCode::FORBIDDEN, EXPLANATION).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        response
    } else {
        // What the hydrated app's server-function client decodes into an error message.
        let body = serde_json::to_string(&AppError::CrossSite).unwrap_or_default();
        (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}
