//! Short-lived cookies besides the session's: a mailed link's secret on its way to the link's
//! page, a pending second sign-in step. HttpOnly, `SameSite=Lax` (a mailed link is opened from
//! another site), `Path=/`, and in production `Secure` with the `__Host-` name prefix.
use axum::http::{header, HeaderValue};

pub fn name(base: &str, production: bool) -> String {
    if production {
        format!("__Host-{base}")
    } else {
        base.to_owned()
    }
}

/// A `Set-Cookie` value; `max_age` 0 removes the cookie.
pub fn set(base: &str, value: &str, max_age: u64, production: bool) -> Option<HeaderValue> {
    let secure = if production { "; Secure" } else { "" };
    let name = name(base, production);
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Adds a `Set-Cookie` to the answer of the server function or page being run.
pub fn send(value: Option<HeaderValue>) {
    use leptos::prelude::use_context;
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(response), Some(value)) = (response, value) {
        response.append_header(header::SET_COOKIE, value);
    }
}
