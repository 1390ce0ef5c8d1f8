//! Starting, ending and re-authenticating sessions.
use tower_sessions::{Expiry, Session};

use super::queries;
use crate::{
    error::AppError,
    identity::{ClientInfo, User},
    server::state::AppState,
};
use quire_auth::sessions::{SessionAuth, AUTH_KEY, PRINCIPAL_KEY};

pub(super) fn expiry_at(unix: i64) -> Expiry {
    let at =
        time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    Expiry::AtDateTime(at)
}

/// The idle expiry if the session is active now, never past the absolute lifetime.
pub(super) fn idle_expiry(state: &AppState, auth: &SessionAuth, now: i64) -> i64 {
    let (idle, _) = state.config.session_limits(auth.remember);
    (now + idle.as_secs() as i64).min(auth.absolute_expires_at)
}

/// Signs `user` in on this request with a fresh session id (an old one, if any, is deleted, so an
/// id planted before sign-in is worthless afterwards), evicting the user's oldest sessions
/// beyond the per-user cap.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user: User,
    client: ClientInfo,
    remember: bool,
) -> Result<(), AppError> {
    if session.id().is_some() {
        session.cycle_id().await?;
    }
    session.clear().await;
    let keep = state.config.session.max_per_user.saturating_sub(1) as usize;
    queries::evict_oldest(&state.db, user.id, keep).await?;
    let now = state.clock.now().unix_timestamp();
    let (_, absolute) = state.config.session_limits(remember);
    let auth = SessionAuth {
        account_id: user.id,
        created_at: now,
        absolute_expires_at: now + absolute.as_secs() as i64,
        seen_at: now,
        ip: client.ip,
        user_agent: client.user_agent.chars().take(512).collect(),
        remember,
        sudo_at: now,
    };
    session.set_expiry(Some(expiry_at(idle_expiry(state, &auth, now))));
    session.insert(AUTH_KEY, &auth).await?;
    session.insert(PRINCIPAL_KEY, &user).await?;
    Ok(())
}

/// Deletes the session row and tells the browser to drop the cookie. Like every revocation it
/// first moves the user's epoch, so another request of this session still in flight cannot
/// re-create it under a new id.
pub async fn end_session(state: &AppState, session: &Session) -> Result<(), AppError> {
    if session.id().is_none() {
        return Ok(()); // Signed out already: nothing to delete.
    }
    if let (Some(auth), Some(handle)) = (
        session.get::<SessionAuth>(AUTH_KEY).await?,
        current_handle(session),
    ) {
        // The row goes in the transaction that announces the change (D03), so a tab that
        // looks when it hears of it finds it gone.
        let mut tx = quire_auth::db::write(&state.db).await?;
        quire_auth::accounts::bump_auth_epoch(&mut tx, auth.account_id).await?;
        quire_auth::sessions::delete(&mut tx, &handle).await?;
        tx.commit().await?;
    }
    session.flush().await?;
    Ok(())
}

async fn auth_of(session: &Session) -> Result<SessionAuth, AppError> {
    session
        .get::<SessionAuth>(AUTH_KEY)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// Refuses unless the password was entered in this session within the sudo window.
pub async fn require_sudo(state: &AppState, session: &Session) -> Result<(), AppError> {
    let auth = auth_of(session).await?;
    let window = state.config.sudo_window().as_secs() as i64;
    if state.clock.now().unix_timestamp() - auth.sudo_at < window {
        Ok(())
    } else {
        Err(AppError::SudoRequired)
    }
}

/// After the password was entered again: a new session id (the old one dies) and a fresh sudo
/// window. The new row is created only while the user's epoch is `auth_epoch`: the one read
/// when this request loaded its session, or the new one if this request itself revoked the
/// user's other credentials (password change).
pub async fn reauthenticated(
    state: &AppState,
    session: &Session,
    auth_epoch: i64,
) -> Result<(), AppError> {
    let mut auth = auth_of(session).await?;
    let mut user = session
        .get::<User>(PRINCIPAL_KEY)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    auth.sudo_at = state.clock.now().unix_timestamp();
    user.auth_epoch = auth_epoch;
    session.cycle_id().await?;
    session.insert(AUTH_KEY, &auth).await?;
    session.insert(PRINCIPAL_KEY, &user).await?;
    Ok(())
}

/// This session's clock for the idle warning; with `slide`, activity is counted first.
pub async fn clock(
    state: &AppState,
    session: &Session,
    slide: bool,
) -> Result<Option<super::api::IdleClock>, AppError> {
    use crate::timestamp::Timestamp;
    let Some(mut auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let now = state.clock.now().unix_timestamp();
    if slide {
        auth.seen_at = now;
        session.set_expiry(Some(expiry_at(idle_expiry(state, &auth, now))));
        session.insert(AUTH_KEY, &auth).await?;
    }
    Ok(Some(super::api::IdleClock {
        now: Timestamp(now),
        idle_expires_at: Timestamp(idle_expiry(state, &auth, auth.seen_at)),
    }))
}

/// The hash under which this request's session is stored, if it has one.
pub fn current_handle(session: &Session) -> Option<String> {
    session.id().map(|id| quire_auth::sessions::hash_id(&id))
}
