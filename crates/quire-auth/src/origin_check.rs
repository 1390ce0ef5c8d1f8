//! CSRF defence (checklist C01–C03). The session cookie rides along with any request a browser
//! makes, including one a hostile page triggers. So a request that could change state is served
//! only when the browser vouches that it came from this site: `Sec-Fetch-Site: same-origin`,
//! or, from browsers that do not send that header, an `Origin` equal to the configured origin.
//! A request with neither is refused too. Sign-in and registration are covered (login CSRF),
//! and so is every server function: add the layer outermost.
use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::sync::Arc;

/// Why a request was refused, for the server log; `None` when the browser vouches for it.
pub(crate) fn cross_site_reason(headers: &HeaderMap, origin: &str) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site") {
        return (site != "same-origin").then_some("Sec-Fetch-Site is not same-origin");
    }
    match headers.get(header::ORIGIN) {
        Some(sent) if sent.as_bytes() == origin.as_bytes() => None,
        Some(_) => Some("Origin is not this site"),
        None => Some("neither Sec-Fetch-Site nor Origin was sent"),
    }
}

/// Whether `referer` names a page of this site: the origin followed by a path.
fn is_own_page(referer: &HeaderValue, origin: &str) -> bool {
    referer
        .to_str()
        .ok()
        .and_then(|r| r.strip_prefix(origin))
        .is_some_and(|path| path.starts_with('/'))
}

type Refusal = Arc<dyn Fn(&HeaderMap) -> Response + Send + Sync>;

/// The site's origin, and how to answer a request refused as cross-site: the state of
/// [`require_same_origin`].
///
/// ```
/// use axum::{middleware::from_fn_with_state, routing::put, Router};
/// use quire_auth::origin_check::{require_same_origin, SameOrigin};
///
/// let check = SameOrigin::new("https://example.org");
/// let app: Router = Router::new()
///     .route("/settings", put(|| async { "saved" }))
///     // Outermost, so a cross-site write is refused before any session or database work.
///     .layer(from_fn_with_state(check, require_same_origin));
/// ```
#[derive(Clone)]
pub struct SameOrigin {
    origin: Arc<str>,
    refusal: Refusal,
}

impl SameOrigin {
    /// Requests must come from `origin` (`https://example.org`: scheme, host and any port, no
    /// path). A refused one gets a plain 403.
    pub fn new(origin: impl Into<Arc<str>>) -> Self {
        Self {
            origin: origin.into(),
            refusal: Arc::new(|_: &HeaderMap| {
                (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
            }),
        }
    }

    /// Answers a refused request with `refusal` instead, given the request's headers (an app
    /// sends a page to a form and its own error body to a script, say).
    pub fn refuse_with(
        mut self,
        refusal: impl Fn(&HeaderMap) -> Response + Send + Sync + 'static,
    ) -> Self {
        self.refusal = Arc::new(refusal);
        self
    }
}

impl std::fmt::Debug for SameOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SameOrigin")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The middleware: safe methods pass; any other request passes only when the browser vouches
/// that it came from this site, and its `Referer` is kept only when it is a page of this site
/// (a form answered without JavaScript is sent back there). Refusals are logged with `tracing`.
pub async fn require_same_origin(
    State(check): State<SameOrigin>,
    mut request: Request,
    next: Next,
) -> Response {
    if request.method().is_safe() {
        return next.run(request).await;
    }
    let origin = &*check.origin;
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
    (check.refusal)(request.headers())
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

    const SITE: &str = "https://app.example.org";

    #[test]
    fn c01_origin_matrix() {
        let refused = [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "https://app.example.org.evil.example")]),
            headers(&[("origin", "http://app.example.org")]),
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
