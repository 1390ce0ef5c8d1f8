//! Links as they arrive from a mail: `/reset-password/open?token=…` and the like. The secret is
//! moved at once from the URL into an HttpOnly cookie and the browser is sent on to the link's
//! page, so the secret is not left in the address bar, the history, a `Referer` or an access
//! log. The answer carrying it says `Referrer-Policy: no-referrer` and is never cached (M01).
//! The page then asks for a click (a POST): opening a link changes nothing (C02), so a mail
//! scanner that fetches every link spends none.
use axum::{
    extract::{RawQuery, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use crate::{
    error::AppError,
    server::{cookies, state::AppState},
};
use quire_auth::links::Purpose;

/// Where a kind of link leads, and the cookie that carries it there.
#[derive(Clone, Copy)]
pub struct LinkKind {
    pub purpose: Purpose,
    cookie: &'static str,
    page: &'static str,
}

pub const RESET: LinkKind = LinkKind {
    purpose: Purpose::Reset,
    cookie: "quire_reset",
    page: "/reset-password",
};
pub const VERIFY: LinkKind = LinkKind {
    purpose: Purpose::Verify,
    cookie: "quire_verify",
    page: "/verify-email",
};
pub const EMAIL_CHANGE: LinkKind = LinkKind {
    purpose: Purpose::EmailChange,
    cookie: "quire_email_change",
    page: "/confirm-email-change",
};

pub const EMAIL_CHANGE_CANCEL: LinkKind = LinkKind {
    purpose: Purpose::EmailChangeCancel,
    cookie: "quire_email_change_cancel",
    page: "/cancel-email-change",
};

impl LinkKind {
    fn seconds(self, state: &AppState) -> u64 {
        let accounts = &state.config.accounts;
        match self.purpose {
            Purpose::Reset => accounts.reset_link_minutes * 60,
            Purpose::Verify | Purpose::EmailChange | Purpose::EmailChangeCancel => {
                accounts.verify_link_hours * 3600
            }
        }
    }

    fn cookie(self, state: &AppState, value: &str, max_age: u64) -> Option<HeaderValue> {
        cookies::set(self.cookie, value, max_age, state.config.site.production)
    }

    /// The secret this browser holds for this kind of link, or the expired-link answer.
    pub fn secret(self, state: &AppState) -> Result<String, AppError> {
        crate::server::request::cookie(&cookies::name(self.cookie, state.config.site.production))
            .filter(|s| !s.is_empty())
            .ok_or(AppError::LinkExpired)
    }

    /// Drops the cookie once the link is spent.
    pub fn forget(self, state: &AppState) {
        cookies::send(self.cookie(state, "", 0));
    }

    fn open(self, state: &AppState, query: Option<String>) -> Response {
        let secret = query
            .and_then(|q| serde_urlencoded::from_str::<LinkQuery>(&q).ok())
            .map(|q| q.token)
            .filter(|t| well_formed(t));
        let location = HeaderValue::from_static(self.page);
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        let max_age = self.seconds(state);
        if let Some(value) = secret.and_then(|s| self.cookie(state, &s, max_age)) {
            headers.insert(header::SET_COOKIE, value);
        }
        response
    }
}

#[derive(Deserialize)]
struct LinkQuery {
    token: String,
}

/// Only what Quire issues can be a secret: base62, bounded. Anything else is not put in a
/// cookie, and the page then says the link does not work.
fn well_formed(secret: &str) -> bool {
    (20..=64).contains(&secret.len()) && secret.chars().all(|c| c.is_ascii_alphanumeric())
}

pub async fn open_reset_link(State(state): State<AppState>, RawQuery(q): RawQuery) -> Response {
    RESET.open(&state, q)
}

pub async fn open_verify_link(State(state): State<AppState>, RawQuery(q): RawQuery) -> Response {
    VERIFY.open(&state, q)
}

pub async fn open_email_change_link(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Response {
    EMAIL_CHANGE.open(&state, q)
}

pub async fn open_email_change_cancel_link(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> Response {
    EMAIL_CHANGE_CANCEL.open(&state, q)
}
