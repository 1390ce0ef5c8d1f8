//! Security headers (checklist X02). Pages get a Content-Security-Policy whose script nonce is
//! fresh for every response and is the one Leptos puts on its hydration scripts, so no inline
//! script without it can run: an injected `<script>` stays inert even if escaping ever failed.
use axum::http::{header, HeaderName, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy for an HTML page rendered with `nonce`. `live_reload` is the websocket
/// `cargo leptos watch` serves its reload signal on, allowed only while watching.
pub fn page_policy(nonce: &str, live_reload: Option<&str>) -> String {
    let connect = live_reload.map_or_else(|| "'self'".to_owned(), |ws| format!("'self' {ws}"));
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src {connect}; object-src 'none'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// For responses that are not pages (files, errors, server functions): allow nothing active.
const FALLBACK_POLICY: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Sets the policy for the page being rendered. Called from the app shell during SSR.
pub fn set_page_policy() {
    use leptos::{config::LeptosOptions, prelude::use_context};
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    // The same condition under which Leptos' <AutoReload/> emits its reload script.
    let live_reload = std::env::var("LEPTOS_WATCH").is_ok().then(|| {
        let options = use_context::<LeptosOptions>();
        let ip = options
            .as_ref()
            .map_or("127.0.0.1".into(), |o| o.site_addr.ip().to_string());
        let port = options.as_ref().map_or(3001, |o| o.reload_port);
        format!("ws://{ip}:{port}")
    });
    if let Ok(value) =
        HeaderValue::from_str(&page_policy(&nonce.to_string(), live_reload.as_deref()))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Headers every response carries unless the handler set its own.
pub fn layers(production: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    let mut headers = vec![
        (header::CONTENT_SECURITY_POLICY, FALLBACK_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    if production {
        // Only over HTTPS: a browser remembers to refuse plain HTTP for two years.
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        ));
    }
    headers
        .into_iter()
        .map(|(name, value)| {
            SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::page_policy;

    #[test]
    fn x02_live_reload_socket_is_allowed_only_when_given() {
        assert!(page_policy("n", None).contains("connect-src 'self';"));
        let watching = page_policy("n", Some("ws://127.0.0.1:3001"));
        assert!(
            watching.contains("connect-src 'self' ws://127.0.0.1:3001;"),
            "{watching}"
        );
        assert!(watching.contains("'nonce-n'"));
    }
}
