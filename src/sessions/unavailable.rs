//! Resolves the signed-in user for every request that reaches a page or server function.
use axum::{
    body::Body,
    extract::{Request, State},
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use quire_auth::sessions::{SessionAuth, AUTH_KEY, PRINCIPAL_KEY};
use tower_sessions::Session;

use super::server::{end_session, expiry_at, idle_expiry};
use crate::{
    error::AppError,
    identity::{CurrentUser, User},
    server::state::AppState,
};

/// The single store query (session joined with user) yields the user's current role and active
/// flag. A deactivated user's session is deleted here. The idle expiry slides at most once per
/// touch interval: only then is the store written and the cookie re-issued.
async fn resolve_user(
    state: &AppState,
    session: &Session,
    activity: bool,
) -> Result<Option<User>, AppError> {
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let user = session.get::<User>(PRINCIPAL_KEY).await?;
    let Some(user) = user.filter(|u| u.active) else {
        end_session(state, session).await?;
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    if activity && now - auth.seen_at >= state.config.session.touch_interval_seconds as i64 {
        auth.seen_at = now;
        session.set_expiry(Some(expiry_at(idle_expiry(state, &auth, now))));
        session.insert(AUTH_KEY, &auth).await?;
    }
    Ok(Some(user))
}

pub async fn session_context(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    // An open tab asking when its session ends, or listening for its end, is not the user
    // doing something: it must not keep an idle session alive.
    let activity = !is_quiet(request.uri().path());
    let user = match resolve_user(&state, &session, activity).await {
        Ok(user) => user,
        // The database cannot be reached: answering "signed out" would send the user to sign
        // in again for nothing, so the answer is "try again", and the session is left as it is.
        Err(AppError::Unavailable) => return unavailable(request.uri().path()),
        // A record that cannot be read: signed out (the cause is logged where it was made).
        Err(_) => None,
    };
    state.gate.pass(request.headers()).await;
    let signed_in = user.is_some();
    request.extensions_mut().insert(CurrentUser(user));
    let mut response = next.run(request).await;
    if signed_in {
        // Personal pages must not be kept by shared caches or the back-forward cache.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Requests an open tab makes on its own (the session clock, the event stream).
fn is_quiet(path: &str) -> bool {
    path == super::api::SESSION_CLOCK_PATH || path == super::api::SESSION_EVENTS_PATH
}

/// Outside the session layer: a quiet request never changes the browser's cookies. Without
/// this, such a request sent with a session id that was just replaced (a password change in
/// the same tab, whose answer carries the new cookie) is answered with tower-sessions' removal
/// of the unknown cookie, and if that answer arrives last it signs the tab out.
pub async fn quiet_requests_keep_cookies(request: Request, next: Next) -> Response {
    let quiet = is_quiet(request.uri().path());
    let mut response = next.run(request).await;
    if quiet {
        response.headers_mut().remove(header::SET_COOKIE);
    }
    response
}

/// Outside the session layer: tower-sessions answers a bare 500 when it cannot save the
/// session. When that was the database out of reach (the store says so), the answer is the
/// same 503 with `Retry-After` as every other request then gets.
pub async fn unsaved_session_is_unavailable(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let (response, unreachable) = quire_auth::sessions::noting_unreachable(next.run(request)).await;
    if unreachable && response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        return unavailable(&path);
    }
    response
}

const UNAVAILABLE_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Try again shortly · Quire</title></head><body><main><h1>Try again shortly</h1>\
<p>Quire cannot reach its database right now. Nothing was changed, and you are still signed \
in. Please reload this page in a few seconds.</p></main></body></html>";

/// 503 with `Retry-After`: JSON for a server function, a short page otherwise.
fn unavailable(path: &str) -> Response {
    let (body, kind) = if path.starts_with("/api/") {
        let json = serde_json::to_string(&AppError::Unavailable).unwrap_or_default();
        (json, "application/json")
    } else {
        (UNAVAILABLE_PAGE.to_owned(), "text/html; charset=utf-8")
    };
    let seconds = crate::error::UNAVAILABLE_RETRY_SECONDS;
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::RETRY_AFTER, seconds)
        .header(header::CONTENT_TYPE, kind)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}
