//! The signed-out event stream (Quire's checklist D03). A signed-in tab opens it; the server
//! sends one [`SIGNED_OUT_EVENT`] when the tab's session ends, whatever ended it (signed out
//! in another tab, revoked on another device or instance, a password change, deactivation,
//! expiry), and closes the stream. It carries no secret and no account data, does not slide
//! the idle expiry (make its path quiet: [`SessionLayerBuilder::quiet_paths`]), and is a hint:
//! the database stays the authority, and every request reads it anyway.
//!
//! Each stream waits on the change channel ([`Db::changes`], fed by the PostgreSQL listener
//! when there are several instances) and on its session's own expiry, and looks at its
//! session row only when either fires: an open tab costs no query while nothing happens.
//!
//! [`SessionLayerBuilder::quiet_paths`]: super::SessionLayerBuilder::quiet_paths
//! [`Db::changes`]: crate::db::Db::changes
use axum::{
    http::StatusCode,
    response::{
        sse::{Event, KeepAlive, Sse},
        IntoResponse, Response,
    },
};
use futures_util::stream::{self, Stream};
use std::{convert::Infallible, time::Duration};
use tokio::sync::{broadcast::error::RecvError, watch};
use tower_sessions::Session;

use super::{handle_of, open_counts::Opened, Sessions};
use crate::db::EVERYONE;

/// The event's name, and its data: nothing else is ever sent.
pub const SIGNED_OUT_EVENT: &str = "signed_out";

/// Streams one session may hold open at once (one per tab); the next is refused with 429. A
/// tab without a stream still learns of its sign-out at its next request.
pub const STREAMS_PER_SESSION: usize = 16;

/// The longest a stream sleeps before it looks at its session again, whatever its expiry: a
/// bound on how late a missed change is noticed.
const LOOK_AGAIN: Duration = Duration::from_secs(300);

impl Sessions {
    /// The answer to a tab that asks to hear when its session ends: server-sent events, with
    /// one [`SIGNED_OUT_EVENT`] at the end. `account_id` is the signed-in principal's (401
    /// without a session); the stream also ends when `stopping` turns true, so a graceful
    /// shutdown does not wait for tabs that never close. A session holds at most
    /// [`STREAMS_PER_SESSION`] (429 beyond).
    ///
    /// ```no_run
    /// use axum::{extract::State, http::StatusCode, response::{IntoResponse, Response}};
    /// use quire_auth::sessions::{Current, Sessions};
    /// # #[derive(Clone)] struct Member { id: i64 }
    ///
    /// async fn events(
    ///     State(sessions): State<Sessions>,
    ///     Current(member): Current<Member>,
    ///     session: tower_sessions::Session,
    /// ) -> Response {
    ///     let Some(member) = member else { return StatusCode::UNAUTHORIZED.into_response() };
    ///     let (_stop, stopping) = tokio::sync::watch::channel(false);
    ///     sessions.signed_out_events(&session, member.id, stopping)
    /// }
    /// ```
    pub fn signed_out_events(
        &self,
        session: &Session,
        account_id: i64,
        stopping: watch::Receiver<bool>,
    ) -> Response {
        let Some(handle) = handle_of(session) else {
            return StatusCode::UNAUTHORIZED.into_response();
        };
        // A bound on what one session can hold open: memory and a socket each.
        let Some(opened) = self.streams.open(&handle, STREAMS_PER_SESSION) else {
            tracing::info!(account_id, "too many event streams for one session");
            let refusal = "Too many open tabs for this session.";
            return (StatusCode::TOO_MANY_REQUESTS, refusal).into_response();
        };
        let watch = Watch {
            sessions: self.clone(),
            account_id,
            handle,
            _opened: opened,
        };
        Sse::new(watch.events(stopping))
            .keep_alive(KeepAlive::default())
            .into_response()
    }
}

struct Watch {
    sessions: Sessions,
    account_id: i64,
    handle: String,
    /// Gives the session's place back when the stream ends (the tab closed or was told).
    _opened: Opened,
}

impl Watch {
    fn events(
        self,
        stopping: watch::Receiver<bool>,
    ) -> impl Stream<Item = Result<Event, Infallible>> {
        let changes = self.sessions.db.changes().subscribe();
        stream::unfold(Some((self, changes, stopping)), |open| async move {
            let (watch, mut changes, mut stopping) = open?;
            loop {
                let now = watch.sessions.clock.now().unix_timestamp();
                let expires_at = match super::ends_at(&watch.sessions.db, &watch.handle, now).await
                {
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
                let until_expiry =
                    expires_at.map(|at| Duration::from_secs((at - now).max(0) as u64 + 1));
                let sleep = until_expiry.unwrap_or(LOOK_AGAIN).min(LOOK_AGAIN);
                let deadline = tokio::time::Instant::now() + sleep;
                // Changes of other accounts' credentials wake this stream too; it looks at its
                // own session only for its account's, or when changes may have been missed.
                loop {
                    tokio::select! {
                        _ = tokio::time::sleep_until(deadline) => break,
                        changed = changes.recv() => match changed {
                            Ok(id) if id == watch.account_id || id == EVERYONE => break,
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
}
