//! What a server function or a server-rendered page may ask about the current request.
use axum::{
    extract::ConnectInfo,
    http::{header, request::Parts, Extensions, HeaderMap},
};
use leptos::prelude::use_context;
use std::net::{IpAddr, SocketAddr};
use tower_sessions::Session;

use super::state::AppState;
use crate::{
    error::AppError,
    identity::{ClientInfo, CurrentUser, User},
};

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("request parts missing from the Leptos context");
        AppError::Internal
    })
}

pub fn session() -> Result<Session, AppError> {
    parts()?
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| {
            tracing::error!("session layer is not installed on this route");
            AppError::Internal
        })
}

/// The signed-in user as read fresh for this request, or `None`.
pub fn current_user() -> Option<User> {
    use_context::<Parts>()
        .and_then(|p| p.extensions.get::<CurrentUser>().cloned())
        .and_then(|c| c.0)
}

/// The value of the request's cookie `name`, if it sent one.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(tower_sessions::cookie::Cookie::split_parse)
        .flatten()
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

pub fn require_user() -> Result<User, AppError> {
    current_user().ok_or(AppError::Unauthenticated)
}

pub fn client_info() -> ClientInfo {
    match (parts(), use_context::<AppState>()) {
        (Ok(parts), Some(state)) => client_of(&state, &parts.extensions, &parts.headers),
        _ => ClientInfo::default(),
    }
}

/// Who is calling: the address (behind trusted proxies, the forwarded one) and user agent.
pub fn client_of(state: &AppState, extensions: &Extensions, headers: &HeaderMap) -> ClientInfo {
    let ip = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| client_ip(c.0.ip(), headers, &state.config.site.trusted_proxies).to_string())
        .unwrap_or_default();
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    ClientInfo { ip, user_agent }
}

/// Redirects to `next` if it is a path on this site, else to `fallback`. A `next` such as
/// `//evil.example` or `https://...` would be an open redirect, so it is ignored.
pub fn redirect_local(next: Option<&str>, fallback: &str) {
    let local = next.filter(|n| is_local_path(n)).unwrap_or(fallback);
    leptos_axum::redirect(local);
}

pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control())
}

/// The client's address: the socket peer, unless the peer is a trusted proxy. Then the
/// right-most `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left
/// were written by the client and prove nothing).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect::<Vec<_>>();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            axum::http::HeaderValue::from_static(value),
        );
        headers
    }

    #[test]
    fn redirects_stay_on_this_site() {
        assert!(is_local_path("/admin/moderation?page=2"));
        for path in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "/a\nb",
        ] {
            assert!(!is_local_path(path), "{path}");
        }
    }

    #[test]
    fn p03_forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let spoofed = forwarded("198.51.100.9, 203.0.113.7");
        assert_eq!(
            client_ip(client, &spoofed, &[]),
            client,
            "no proxies configured"
        );
        assert_eq!(
            client_ip(client, &spoofed, &[proxy]),
            client,
            "peer is not a proxy"
        );
        assert_eq!(
            client_ip(proxy, &spoofed, &[proxy]),
            client,
            "right-most untrusted entry"
        );
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
    }
}
