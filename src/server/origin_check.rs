//! CSRF defence (checklist C01–C03). The session cookie rides along with any request a browser
//! makes, including one a hostile page triggers. So a request that could change state is served
//! only when the browser vouches that it came from this site: `Sec-Fetch-Site: same-origin`,
//! or, from browsers that do not send that header, an `Origin` equal to the configured origin.
//! A request with neither is refused too. Sign-in and registration are covered (login CSRF).
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::state::AppState;
use crate::error::AppError;

/// Why a request was refused, for the server log.
pub fn cross_site_reason(headers: &HeaderMap, origin: &str) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return (site != "same-origin").then_some("Sec-Fetch-Site is not same-origin");
    }
    match headers.get(header::ORIGIN) {
        Some(sent) if sent.as_bytes() == origin.as_bytes() => None,
        Some(_) => Some("Origin is not this site"),
        None => Some("neither Sec-Fetch-Site nor Origin was sent"),
    }
}

const EXPLANATION: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Request refused · Quire</title></head><body><main><h1>Request refused</h1>\
<p>This form was sent from another site, or your browser did not say where it came from, so \
Quire refused it to protect your account. Nothing was changed.</p>\
<p>If you meant to do this, go back to <a href=\"/\">Quire</a>, reload the page and try again.</p>\
</main></body></html>";

/// Whether `referer` names a page of this site: the origin followed by a path.
pub fn is_own_page(referer: &HeaderValue, origin: &str) -> bool {
    referer
        .to_str()
        .ok()
        .and_then(|r| r.strip_prefix(origin))
        .is_some_and(|path| path.starts_with('/'))
}

pub async fn require_same_origin(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let origin = &state.config.site.origin;
    let Some(reason) = cross_site_reason(request.headers(), origin) else {
        // A form posted without JavaScript is sent back to its `Referer` (with the error, if
        // any). Only a page of this site may be that target: anything else goes to "/".
        let headers = request.headers_mut();
        if headers
            .get(header::REFERER)
            .is_some_and(|r| !is_own_page(r, origin))
        {
            headers.remove(header::REFERER);
        }
        return next.run(request).await;
    };
    tracing::warn!(reason, method = %request.method(), path = %request.uri().path(), "cross-site request refused");
    let wants_html = request
        .headers()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    header::HeaderName::from_static(k),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    const SITE: &str = "https://blog.example.org";

    #[test]
    fn c01_origin_matrix() {
        let refused = [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "https://blog.example.org.evil.example")]),
            headers(&[("origin", "http://blog.example.org")]),
            headers(&[("sec-fetch-site", "cross-site"), ("origin", SITE)]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("sec-fetch-site", "none")]),
            headers(&[]),
        ];
        for h in &refused {
            assert!(cross_site_reason(h, SITE).is_some(), "{h:?} accepted");
        }
        assert_eq!(
            cross_site_reason(&headers(&[("sec-fetch-site", "same-origin")]), SITE),
            None
        );
        assert_eq!(cross_site_reason(&headers(&[("origin", SITE)]), SITE), None);
    }
}
