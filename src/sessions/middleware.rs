//! Resolves the signed-in user for every request that reaches a page or server function.
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use tower_sessions::Session;

use super::{
    record::{SessionAuth, AUTH_KEY, USER_KEY},
    server::{end_session, expiry_at, idle_expiry},
};
use crate::{
    error::AppError,
    identity::{CurrentUser, User},
    server::state::AppState,
};

/// The single store query (session joined with user) yields the user's current role and active
/// flag. A deactivated user's session is deleted here. The idle expiry slides at most once per
/// touch interval: only then is the store written and the cookie re-issued.
async fn resolve_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let user = session.get::<User>(USER_KEY).await?;
    let Some(user) = user.filter(|u| u.active) else {
        end_session(state, session).await?;
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    if now - auth.seen_at >= state.config.session.touch_interval_seconds as i64 {
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
    // A store failure degrades to "signed out" for this request rather than an error page;
    // the cause is logged where the AppError was made.
    let user = resolve_user(&state, &session).await.unwrap_or(None);
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
