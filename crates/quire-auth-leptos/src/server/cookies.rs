//! The short-lived cookies that tie a step to the browser that began it: a sign-in between
//! its password and its code, and a passkey ceremony. Each holds a secret whose hash alone is
//! stored, for five minutes.
//!
//! `HttpOnly` (no script reads them), `Secure` with the `__Host-` prefix (sent only over
//! HTTPS, and no sub-domain can set or overwrite them; browsers treat `http://localhost` and
//! `127.0.0.1` as secure, so development works), `SameSite=Lax`, `Path=/`. So a code or a
//! passkey answer works only in the browser that began the step.
use axum::http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use secrecy::{ExposeSecret, SecretString};

/// One of the crate's cookies: its name and how long it lives, in seconds.
#[derive(Clone, Copy)]
pub(crate) struct StepCookie(&'static str, i64);

/// A sign-in waiting for its code (quire_auth::pending_sign_ins).
pub(crate) const PENDING: StepCookie = StepCookie(
    "__Host-auth-pending",
    quire_auth::pending_sign_ins::LIFETIME_SECONDS,
);
/// A passkey ceremony in progress (quire_auth::passkeys::ceremony).
pub(crate) const PASSKEY: StepCookie = StepCookie(
    "__Host-auth-passkey",
    quire_auth::passkeys::ceremony::LIFETIME_SECONDS,
);

impl StepCookie {
    /// Sets the cookie on the answer being built (`None` removes it).
    pub(crate) fn send(self, secret: Option<&SecretString>) {
        let StepCookie(name, lifetime) = self;
        let (value, max_age) = match secret {
            Some(secret) => (secret.expose_secret(), lifetime),
            None => ("", 0),
        };
        let cookie =
            format!("{name}={value}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age}");
        let response = use_context::<leptos_axum::ResponseOptions>();
        match (response, HeaderValue::from_str(&cookie)) {
            (Some(response), Ok(value)) => response.append_header(header::SET_COOKIE, value),
            _ => tracing::error!(name, "a step cookie could not be set"),
        }
    }

    /// The secret the browser sent back, if any.
    pub(crate) fn read(self, parts: &Parts) -> Option<String> {
        let headers = parts.headers.get_all(header::COOKIE);
        let pairs = headers
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'));
        pairs
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, value)| *name == self.0 && !value.is_empty())
            .map(|(_, value)| value.to_owned())
    }
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
        let both = parts("session=abc; __Host-auth-pending=s3cret; __Host-auth-passkey=other");
        assert_eq!(PENDING.read(&both).as_deref(), Some("s3cret"));
        assert_eq!(PASSKEY.read(&both).as_deref(), Some("other"));
        let unprefixed = parts("auth-pending=s3cret");
        assert_eq!(PENDING.read(&unprefixed), None, "without the prefix");
        assert_eq!(
            PENDING.read(&parts("__Host-auth-pending=")),
            None,
            "removed"
        );
    }
}
