//! The short-lived cookies that tie a step to the browser that began it: a sign-in between
//! its password and its code, and a passkey ceremony. Each holds a secret whose hash alone is
//! stored, for five minutes.
//!
//! `HttpOnly` (no script reads them), `Secure` with the `__Host-` prefix (sent only over
//! HTTPS, and no sub-domain can set or overwrite them; browsers treat `http://localhost` and
//! `127.0.0.1` as secure, so development works), `SameSite=Lax`, `Path=/`. So a code or a
//! passkey answer works only in the browser that began the step. An app that turned the
//! session cookie's `Secure` off to develop over plain HTTP on another address (a LAN IP, which
//! browsers do not treat as secure) turns these off too
//! ([`AuthServer::secure_cookies`](super::AuthServer::secure_cookies)): they then lose the
//! attribute and the prefix, which a browser refuses without it.
use axum::http::{header, request::Parts, HeaderValue};
use leptos::prelude::use_context;
use secrecy::{ExposeSecret, SecretString};

/// One of the crate's cookies: its name without the `__Host-` prefix, and how long it lives,
/// in seconds.
#[derive(Clone, Copy)]
pub(crate) struct StepCookie(&'static str, i64);

/// A sign-in waiting for its code (quire_auth::pending_sign_ins).
pub(crate) const PENDING: StepCookie = StepCookie(
    "auth-pending",
    quire_auth::pending_sign_ins::LIFETIME_SECONDS,
);
/// A reset link opened in this browser, until its form is sent.
pub(crate) const RESET: StepCookie =
    StepCookie("auth-reset", super::reset::LINK_MINUTES as i64 * 60);
/// A verification link opened in this browser, until its button is pressed.
pub(crate) const VERIFY: StepCookie =
    StepCookie("auth-verify", super::verify::LINK_HOURS as i64 * 3600);
/// A token just made by a form posted without JavaScript, until the tokens page that the
/// browser is sent back to has shown it: a minute at most. It holds the token itself, which is
/// its owner's to see; the server keeps only its hash.
pub(crate) const NEW_TOKEN: StepCookie = StepCookie("auth-new-token", 60);
/// Recovery codes just made by a form posted without JavaScript, in the same way.
pub(crate) const NEW_CODES: StepCookie = StepCookie("auth-new-codes", 60);
/// A passkey ceremony in progress (quire_auth::passkeys::ceremony).
pub(crate) const PASSKEY: StepCookie = StepCookie(
    "auth-passkey",
    quire_auth::passkeys::ceremony::LIFETIME_SECONDS,
);

impl StepCookie {
    /// Its name: with the `__Host-` prefix when `secure`.
    fn name(self, secure: bool) -> String {
        match secure {
            true => format!("__Host-{}", self.0),
            false => self.0.to_owned(),
        }
    }

    /// The `Set-Cookie` value that holds `secret` (`None` removes the cookie).
    fn header(self, secure: bool, secret: Option<&SecretString>) -> String {
        let (value, max_age) = match secret {
            Some(secret) => (secret.expose_secret(), self.1),
            None => ("", 0),
        };
        let (name, flag) = (self.name(secure), if secure { " Secure;" } else { "" });
        format!("{name}={value}; Path=/; HttpOnly;{flag} SameSite=Lax; Max-Age={max_age}")
    }

    /// [`Self::header`] as a header value (`None` if the secret cannot be one).
    pub(crate) fn header_value(
        self,
        secure: bool,
        secret: Option<&SecretString>,
    ) -> Option<HeaderValue> {
        HeaderValue::from_str(&self.header(secure, secret)).ok()
    }

    /// Sets the cookie on the answer being built (`None` removes it).
    pub(crate) fn send(self, secure: bool, secret: Option<&SecretString>) {
        let name = self.0;
        let response = use_context::<leptos_axum::ResponseOptions>();
        match (response, self.header_value(secure, secret)) {
            (Some(response), Some(value)) => response.append_header(header::SET_COOKIE, value),
            _ => tracing::error!(name, "a step cookie could not be set"),
        }
    }

    /// The secret the browser sent back, if any.
    pub(crate) fn read(self, secure: bool, parts: &Parts) -> Option<String> {
        let name = self.name(secure);
        let headers = parts.headers.get_all(header::COOKIE);
        let pairs = headers
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'));
        pairs
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(found, value)| *found == name && !value.is_empty())
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
        assert_eq!(PENDING.read(true, &both).as_deref(), Some("s3cret"));
        assert_eq!(PASSKEY.read(true, &both).as_deref(), Some("other"));
        let unprefixed = parts("auth-pending=s3cret");
        assert_eq!(PENDING.read(true, &unprefixed), None, "without the prefix");
        assert_eq!(
            PENDING.read(true, &parts("__Host-auth-pending=")),
            None,
            "removed"
        );
        assert_eq!(PENDING.read(false, &unprefixed).as_deref(), Some("s3cret"));
        assert_eq!(
            PENDING.read(false, &both),
            None,
            "the prefixed one is not this one"
        );
    }

    #[test]
    fn a_step_cookie_is_secure_with_the_host_prefix_unless_turned_off() {
        let secret = SecretString::from("s3cret");
        assert_eq!(
            PENDING.header(true, Some(&secret)),
            "__Host-auth-pending=s3cret; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=300"
        );
        assert_eq!(
            PENDING.header(false, None),
            "auth-pending=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
        );
    }
}
