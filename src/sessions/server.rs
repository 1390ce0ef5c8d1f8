//! Starting and ending sessions, and the per-request middleware that resolves the signed-in user.
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use time::Duration;
use tower_sessions::{Expiry, Session};

use super::store::{SessionAuth, SessionUser, AUTH_KEY, USER_KEY};
use crate::{error::AppError, server::state::AppState};

/// The user this request is authenticated as, if any. Put in request extensions by
/// [`session_context`]; server functions and pages read it through [`crate::server::request`].
#[derive(Debug, Clone, Default)]
pub struct CurrentUser(pub Option<SessionUser>);

/// Who is connecting, recorded with a new session.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

fn expiry_at(unix: i64) -> Expiry {
    Expiry::AtDateTime(
        time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
    )
}

/// Signs `user_id` in on this request: a fresh session id (the old one, if any, is deleted),
/// so an id planted before sign-in is worthless afterwards.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user: SessionUser,
    client: ClientInfo,
) -> Result<(), AppError> {
    if session.id().is_some() {
        session.cycle_id().await?;
    }
    session.clear().await;
    let now = state.clock.now().unix_timestamp();
    let absolute = now + state.config.absolute_lifetime().as_secs() as i64;
    let auth = SessionAuth {
        user_id: user.id,
        created_at: now,
        absolute_expires_at: absolute,
        seen_at: now,
        ip: client.ip,
        user_agent: client.user_agent.chars().take(512).collect(),
    };
    session.insert(AUTH_KEY, &auth).await?;
    session.insert(USER_KEY, &user).await?;
    session.set_expiry(Some(expiry_at(idle_expiry(state, &auth, now))));
    Ok(())
}

/// Deletes the session row and tells the browser to drop the cookie.
pub async fn end_session(session: &Session) -> Result<(), AppError> {
    session.flush().await?;
    Ok(())
}

fn idle_expiry(state: &AppState, auth: &SessionAuth, now: i64) -> i64 {
    (now + state.config.idle_timeout().as_secs() as i64).min(auth.absolute_expires_at)
}

/// Resolves the signed-in user with the single store query, kills sessions of deactivated users,
/// and slides the idle expiry at most once per touch interval (only then is the store written and
/// the cookie re-issued).
async fn resolve_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<SessionUser>, AppError> {
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let user = session.get::<SessionUser>(USER_KEY).await?;
    let Some(user) = user.filter(|u| u.active) else {
        end_session(session).await?;
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    let interval = Duration::try_from(state.config.touch_interval()).unwrap_or(Duration::ZERO);
    if now - auth.seen_at >= interval.whole_seconds() {
        auth.seen_at = now;
        session.insert(AUTH_KEY, &auth).await?;
        session.set_expiry(Some(expiry_at(idle_expiry(state, &auth, now))));
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
