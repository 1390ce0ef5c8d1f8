//! The signed-out event stream (checklist D03). A signed-in tab opens it; the server sends one
//! `signed_out` event when the tab's session ends, whatever ended it (signed out in another
//! tab, revoked on another device or instance, a password change, deactivation, expiry), and
//! closes the stream. It carries no secret and no user data, does not slide the idle expiry,
//! and is a hint: the database stays the authority, and every request reads it anyway.
//!
//! Each stream waits on the in-process change channel (fed by the PostgreSQL listener when
//! there are several instances) and on its session's own expiry, and looks at its session row
//! only when either fires: an open tab costs no query while nothing happens.
use axum::{
    extract::State,
    http::StatusCode,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures_util::stream::{self, Stream};
use std::{convert::Infallible, time::Duration};
use tokio::sync::broadcast::error::RecvError;
use tower_sessions::Session;

use super::api::{SIGNED_OUT_EVENT, STREAMS_PER_SESSION};
use crate::{
    identity::CurrentUser,
    server::{open_counts::Opened, state::AppState},
};
use quire_auth::{db::EVERYONE, sessions::Current};

/// The longest a stream sleeps before it looks at its session again, whatever its expiry: a
/// bound on how late a missed change is noticed.
const LOOK_AGAIN: Duration = Duration::from_secs(300);

pub async fn stream(
    State(state): State<AppState>,
    Current(user): CurrentUser,
    session: Session,
) -> Response {
    let (Some(user), Some(handle)) = (user, quire_auth::sessions::handle_of(&session)) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    // A bound on what one session can hold open (checklist D04): memory and a socket each.
    let Some(opened) = state.event_streams.open(&handle, STREAMS_PER_SESSION) else {
        tracing::info!(user_id = user.id, "too many event streams for one session");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many open tabs for this session.",
        )
            .into_response();
    };
    let watch = Watch {
        state,
        user_id: user.id,
        handle,
        _opened: opened,
    };
    Sse::new(watch.events())
        .keep_alive(KeepAlive::default())
        .into_response()
}

struct Watch {
    state: AppState,
    user_id: i64,
    handle: String,
    /// Gives the session's place back when the stream ends (the tab closed or was told).
    _opened: Opened,
}

impl Watch {
    fn events(self) -> impl Stream<Item = Result<Event, Infallible>> {
        let changes = self.state.db.changes().subscribe();
        let stopping = self.state.stopping.subscribe();
        stream::unfold(Some((self, changes, stopping)), |open| async move {
            let (watch, mut changes, mut stopping) = open?;
            loop {
                let expires_at = match watch.session_ends_at().await {
                    Ok(Some(at)) => Some(at),
                    Ok(None) => {
                        let event = Event::default()
                            .event(SIGNED_OUT_EVENT)
                            .data(SIGNED_OUT_EVENT);
                        return Some((Ok(event), None));
                    }
                    // The database cannot answer: look again at the next change or timer.
                    Err(_) => None,
                };
                let now = watch.state.clock.now().unix_timestamp();
                let until_expiry =
                    expires_at.map(|at| Duration::from_secs((at - now).max(0) as u64 + 1));
                let sleep = until_expiry.unwrap_or(LOOK_AGAIN).min(LOOK_AGAIN);
                let deadline = tokio::time::Instant::now() + sleep;
                // Changes of other users' credentials wake this stream too; it looks at its
                // own session only for its user's, or when changes may have been missed.
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => break,
                        changed = changes.recv() => match changed {
                            Ok(user) if user == watch.user_id || user == EVERYONE => break,
                            Ok(_) => {}
                            Err(RecvError::Lagged(_)) => break,
                            Err(RecvError::Closed) => return None,
                        },
                        _ = stopping.changed() => return None,
                    }
                }
            }
        })
    }

    /// When this stream's session ends (idle or absolute, whichever is first), or `None` when
    /// it has ended already.
    async fn session_ends_at(&self) -> Result<Option<i64>, quire_auth::Error> {
        let now = self.state.clock.now().unix_timestamp();
        quire_auth::sessions::ends_at(&self.state.db, &self.handle, now).await
    }
}
