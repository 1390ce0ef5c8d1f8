//! Session list, revoke, password confirmation (sudo mode), and the session's clock for the idle
//! warning.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::timestamp::Timestamp;

use crate::error::AppError;

/// One of the user's sessions as the account page shows it. `handle` is the stored SHA-256 of
/// the session id: it names the row but cannot be turned back into a cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionView {
    pub handle: String,
    pub device: String,
    pub ip: String,
    pub created: Timestamp,
    pub last_active: Timestamp,
    pub current: bool,
}

#[server(endpoint = "list_sessions")]
pub async fn list_sessions() -> Result<Vec<SessionView>, AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let state = request::state()?;
    let current = quire_auth::sessions::handle_of(&request::session()?);
    let now = state.clock.now().unix_timestamp();
    let most = state.config.session.max_per_user;
    super::queries::list_for_user(&state.db, user.id, now, current.as_deref(), most).await
}

#[server(endpoint = "revoke_session")]
pub async fn revoke_session(handle: String) -> Result<(), AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, session) = (request::state()?, request::session()?);
    state.sessions.require_sudo(&session).await?;
    if quire_auth::sessions::handle_of(&session).as_deref() == Some(handle.as_str()) {
        state.sessions.end(&session).await?;
        leptos_axum::redirect("/");
        return Ok(());
    }
    super::queries::revoke_one(&state.db, user.id, &handle).await?;
    audit_revoked(&state, user.id, "one other session").await;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn audit_revoked(state: &crate::server::state::AppState, user_id: i64, detail: &str) {
    use crate::audit::api::AuditEvent;
    crate::audit::server::record_own(
        state,
        AuditEvent::SessionRevoked,
        user_id,
        &crate::server::request::client_info(),
        detail,
    )
    .await;
}

#[server(endpoint = "revoke_other_sessions")]
pub async fn revoke_other_sessions() -> Result<u64, AppError> {
    use crate::server::request;
    let user = request::require_user()?;
    let (state, session) = (request::state()?, request::session()?);
    state.sessions.require_sudo(&session).await?;
    let keep = quire_auth::sessions::handle_of(&session).ok_or(AppError::Unauthenticated)?;
    let ended = super::queries::revoke_others(&state.db, user.id, &keep).await?;
    audit_revoked(&state, user.id, &format!("{ended} other session(s)")).await;
    Ok(ended)
}

/// When this session ends if nothing happens (activity slides it, never past the absolute
/// limit), with the server's `now`, so a browser whose clock is wrong still counts the right
/// time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleClock {
    pub now: Timestamp,
    pub idle_expires_at: Timestamp,
}

/// The path of [`session_clock`], which the session middleware does not count as activity.
pub const SESSION_CLOCK_PATH: &str = "/api/session_clock";

/// A signed-in tab's event stream (server-sent events): one `signed_out` event when its
/// session ends, then the stream closes. Not activity either.
pub const SESSION_EVENTS_PATH: &str = "/api/session_events";

/// The clock of this request's session, `None` when signed out. Asking is not activity: an open
/// tab that asks cannot keep an idle session alive.
#[server(endpoint = "session_clock")]
pub async fn session_clock() -> Result<Option<IdleClock>, AppError> {
    idle_clock(false).await
}

/// "Stay signed in": counts as activity now, so the idle limit slides (never past the absolute
/// one). The new clock, `None` when the session has already ended.
#[server(endpoint = "stay_signed_in")]
pub async fn stay_signed_in() -> Result<Option<IdleClock>, AppError> {
    idle_clock(true).await
}

#[cfg(feature = "ssr")]
async fn idle_clock(slide: bool) -> Result<Option<IdleClock>, AppError> {
    use crate::server::request;
    let (state, session) = (request::state()?, request::session()?);
    let clock = state.sessions.idle_clock(&session, slide).await?;
    Ok(clock.map(|clock| IdleClock {
        now: Timestamp(clock.now),
        idle_expires_at: Timestamp(clock.idle_expires_at),
    }))
}
