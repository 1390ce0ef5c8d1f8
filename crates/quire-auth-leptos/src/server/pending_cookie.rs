//! The cookie that holds a sign-in between its password and its code: the pending record's
//! secret (only its hash is stored), for five minutes.
//!
//! `HttpOnly` (no script reads it), `Secure` with the `__Host-` prefix (sent only over HTTPS,
//! and no sub-domain can set or overwrite it; browsers treat `http://localhost` and
//! `127.0.0.1` as secure, so development works), `SameSite=Lax`, `Path=/`. The code therefore
//! works only in the browser that typed the password.
use axum::http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use quire_auth::pending_sign_ins::LIFETIME_SECONDS;
use secrecy::{ExposeSecret, SecretString};

const NAME: &str = "__Host-auth-pending";

/// Sets the cookie on the answer being built (`None` removes it).
pub(crate) fn send(secret: Option<&SecretString>) {
    let (value, max_age) = match secret {
        Some(secret) => (secret.expose_secret(), LIFETIME_SECONDS),
        None => ("", 0),
    };
    let cookie =
        format!("{NAME}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}");
    let response = use_context::<leptos_axum::ResponseOptions>();
    match (response, HeaderValue::from_str(&cookie)) {
        (Some(response), Ok(value)) => response.append_header(header::SET_COOKIE, value),
        _ => tracing::error!("the pending sign-in cookie could not be set"),
    }
}

/// The secret the browser sent back, if any.
pub(crate) fn read(parts: &Parts) -> Option<String> {
    let headers = parts.headers.get_all(header::COOKIE);
    let pairs = headers
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'));
    pairs
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == NAME && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(cookie: &str) -> Parts {
        let request = axum::http::Request::builder().header(header::COOKIE, cookie);
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn the_secret_is_read_from_its_own_cookie_only() {
        let both = parts("session=abc; __Host-auth-pending=s3cret");
        assert_eq!(read(&both).as_deref(), Some("s3cret"));
        assert_eq!(
            read(&parts("auth-pending=s3cret")),
            None,
            "without the prefix"
        );
        assert_eq!(read(&parts("__Host-auth-pending=")), None, "removed");
    }
}
