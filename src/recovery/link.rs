//! The reset link as it arrives from a mail: `/reset-password/open?token=…`. The secret is moved
//! at once from the URL into an HttpOnly cookie and the browser is sent on to
//! `/reset-password`, so the secret is not left in the address bar, the history, a `Referer`
//! or an access log. The answer carrying it says `Referrer-Policy: no-referrer` and is never
//! cached (M01).
use axum::{
    extract::{RawQuery, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::server::state::AppState;

#[derive(Deserialize)]
struct LinkQuery {
    token: String,
}

pub fn cookie_name(production: bool) -> &'static str {
    if production {
        "__Host-quire_reset"
    } else {
        "quire_reset"
    }
}

/// A cookie for the reset form: HttpOnly, `SameSite=Lax` (the link is opened from a mail
/// client, another site), `Secure` with the `__Host-` name in production.
fn cookie(state: &AppState, value: &str, max_age: u64) -> Option<HeaderValue> {
    let production = state.config.site.production;
    let secure = if production { "; Secure" } else { "" };
    let name = cookie_name(production);
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .ok()
}

/// Only what Quire issues can be a secret: base62, bounded. Anything else is not put in a
/// cookie, and the form then says the link does not work.
fn well_formed(secret: &str) -> bool {
    (20..=64).contains(&secret.len()) && secret.chars().all(|c| c.is_ascii_alphanumeric())
}

pub async fn open_reset_link(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let secret = query
        .and_then(|q| serde_urlencoded::from_str::<LinkQuery>(&q).ok())
        .map(|q| q.token)
        .filter(|t| well_formed(t));
    let mut response = (
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            HeaderValue::from_static("/reset-password"),
        )],
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let max_age = state.config.accounts.reset_link_minutes * 60;
    if let Some(value) = secret.and_then(|s| cookie(&state, &s, max_age)) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

/// Drops the reset cookie once the link is spent.
pub fn forget_link_cookie(state: &AppState) {
    use leptos::prelude::use_context;
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(response), Some(value)) = (response, cookie(state, "", 0)) {
        response.append_header(header::SET_COOKIE, value);
    }
}
